import type { Metadata } from 'next';
import { MatrixView } from './matrix-view';

/** The tab's title: `Connectivity matrix · underlay`. */
export const metadata: Metadata = { title: 'Connectivity matrix' };

export default function MatrixPage() {
  return <MatrixView />;
}

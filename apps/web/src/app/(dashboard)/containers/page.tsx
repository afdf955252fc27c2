import type { Metadata } from 'next';
import { ContainersView } from './containers-view';

/** The tab's title: `Containers · underlay`. */
export const metadata: Metadata = { title: 'Containers' };

export default function ContainersPage() {
  return <ContainersView />;
}

import type { Metadata } from 'next';
import { NetworksView } from './networks-view';

/** The tab's title: `Networks · underlay`. */
export const metadata: Metadata = { title: 'Networks' };

export default function NetworksPage() {
  return <NetworksView />;
}

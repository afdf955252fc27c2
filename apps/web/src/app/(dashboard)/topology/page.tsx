import type { Metadata } from 'next';
import { TopologyView } from './topology-view';

/** The tab's title: `Topology · underlay`. */
export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  return <TopologyView />;
}

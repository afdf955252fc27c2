import type { Metadata } from 'next';
import { HydrateClient, prefetch, trpc } from '~/trpc/server';
import { TopologyView } from './topology-view';

/** The tab's title: `Topology · underlay`. */
export const metadata: Metadata = { title: 'Topology' };

export default function TopologyPage() {
  // Its first data comes with the page (trpc/server.tsx).
  prefetch(trpc.topology.hosts.queryOptions());
  return (
    <HydrateClient>
      <TopologyView />
    </HydrateClient>
  );
}

import type { Metadata } from 'next';
import { HydrateClient, prefetch, trpc } from '~/trpc/server';
import { FleetView } from './fleet-view';

/** The tab's title: `Fleet · underlay`. */
export const metadata: Metadata = { title: 'Fleet' };

export default function FleetPage() {
  // Its first data comes with the page (trpc/server.tsx).
  prefetch(trpc.fleet.list.queryOptions());
  return (
    <HydrateClient>
      <FleetView />
    </HydrateClient>
  );
}

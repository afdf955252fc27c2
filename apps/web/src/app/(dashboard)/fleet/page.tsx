import type { Metadata } from 'next';
import { FleetView } from './fleet-view';

/** The tab's title: `Fleet · underlay`. */
export const metadata: Metadata = { title: 'Fleet' };

export default function FleetPage() {
  return <FleetView />;
}

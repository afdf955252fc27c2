import type { Metadata } from 'next';
import { NetworkForm } from './network-form';

/** The tab's title: `New network · underlay`. */
export const metadata: Metadata = { title: 'New network' };

export default function NewNetworkPage() {
  return <NetworkForm />;
}

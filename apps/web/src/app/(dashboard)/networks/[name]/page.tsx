import type { Metadata } from 'next';
import { NetworkPage } from './network-page';

type Params = { params: Promise<{ name: string }> };

/** The tab's title: `NAME · Networks · underlay`. */
export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { name } = await params;
  return { title: `${decodeURIComponent(name)} · Networks` };
}

/** One network as a fleet object: /networks/NAME. */
export default async function NetworkByNamePage({ params }: Params) {
  const { name } = await params;
  return <NetworkPage name={decodeURIComponent(name)} />;
}

import { notFound } from 'next/navigation';
import { env } from '~/env';
import { BenchTopology } from './bench-topology';

export const dynamic = 'force-dynamic';

/** Rendering benchmark page: synthetic data only, open without login only when UNDERLAY_BENCH=1. */
export default function BenchPage() {
  if (!env().benchOpen) notFound();
  return <BenchTopology />;
}

'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { RemoveReport, type RemoveTarget } from '../remove-flow';
import { SpanPanel } from '../span-panel';
import { useRemoval } from '../use-removal';
import { useSelection } from '../use-selection';
import { HostCard } from './host-card';
import { NetworkEvents, PrefixUsageList, type Detail } from './network-sections';
import { SegmentBlocks } from './segment-blocks';

// /networks/NAME: the network across the fleet. Its hosts (each with what it
// holds of the address space and its endpoints), each fleet segment's blocks,
// the whole prefix's usage, recent events, and removal from every host or the
// chosen ones.

/** The page's trail back to the list, its title and the removal buttons once the network is read. */
function PageHeading({
  name,
  data,
  chosen,
  onRemove,
}: {
  name: string;
  data: Detail | undefined;
  chosen: string[];
  onRemove: (targets: RemoveTarget[]) => void;
}) {
  return (
    <>
      <nav className="text-sm text-slate-500">
        <Link href="/networks" className="underline">
          Networks
        </Link>{' '}
        / {name}
      </nav>
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-lg font-semibold">Network {name}</h1>
        {data && data.hosts.length > 0 && (
          <RemoveActions name={name} chosen={chosen} onRemove={onRemove} />
        )}
      </div>
    </>
  );
}

/** The network page's client part. */
export function NetworkPage({ name }: { name: string }) {
  const trpc = useTRPC();
  const detail = useQuery(trpc.networks.detail.queryOptions({ network: name }, { retry: false }));
  const { chosen, toggle, set: setChosen } = useSelection();
  const removal = useRemoval(() => setChosen([]));
  const data = detail.data;
  return (
    <section className="space-y-4" data-testid="network-page" data-network={name}>
      <PageHeading name={name} data={data} chosen={[...chosen]} onRemove={removal.start} />
      <RemoveReport outcomes={removal.report} onRetry={removal.start} />
      {detail.error && (
        <p className="text-slate-600" data-testid="network-page-error">
          {errorText(detail.error)}
        </p>
      )}
      {!data && !detail.error && <p className="text-slate-500">Loading…</p>}
      {data && <NetworkBody name={name} data={data} chosen={chosen} onChoose={toggle} />}
      {removal.flow}
    </section>
  );
}

/** Remove from every host, or from the hosts ticked on their cards. */
function RemoveActions({
  name,
  chosen,
  onRemove,
}: {
  name: string;
  chosen: string[];
  onRemove: (targets: RemoveTarget[]) => void;
}) {
  return (
    <>
      <button
        type="button"
        className="rounded bg-red-700 px-3 py-1 text-sm text-white"
        data-testid="network-page-remove"
        onClick={() => onRemove([{ network: name }])}
      >
        Remove from all hosts…
      </button>
      <button
        type="button"
        disabled={chosen.length === 0}
        className="rounded border border-red-700 px-3 py-1 text-sm text-red-700 disabled:opacity-40"
        data-testid="network-page-remove-chosen"
        onClick={() => onRemove([{ network: name, hostIds: chosen }])}
      >
        Remove from chosen hosts ({chosen.length})…
      </button>
    </>
  );
}

/** The page once read: hosts that did not answer, a card per host, each segment's blocks, usage, span, events. */
function NetworkBody({
  name,
  data,
  chosen,
  onChoose,
}: {
  name: string;
  data: Detail;
  chosen: Set<string>;
  onChoose: (hostId: string) => void;
}) {
  return (
    <>
      {data.unreachable.length > 0 && (
        <p className="text-amber-700" data-testid="network-page-unreachable">
          Not known: {data.unreachable.join(', ')} did not answer.
        </p>
      )}
      <div className="grid gap-3 lg:grid-cols-2">
        {data.hosts.map((h) => (
          <HostCard
            key={h.hostId}
            host={h}
            chosen={chosen.has(h.hostId)}
            onChoose={() => onChoose(h.hostId)}
          />
        ))}
      </div>
      <SegmentBlocks segments={data.segments} />
      <PrefixUsageList usage={data.usage} hosts={data.hosts.length} />
      <div className="rounded border bg-white p-3">
        <SpanPanel network={name} />
      </div>
      <NetworkEvents events={data.events} />
    </>
  );
}

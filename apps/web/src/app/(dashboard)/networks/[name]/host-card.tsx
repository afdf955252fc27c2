'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/api/root';
import { Endpoints } from './host-endpoints';

// One host's part of a network: its copy's readable fields, what it holds of
// each subnet (fleet-IPAM blocks, its --ip-range or the whole subnet), its
// endpoints, and the raw inspect behind a disclosure. The blocks themselves are
// listed once per segment (segment-blocks.tsx), not on each card.

export type DetailHost = inferRouterOutputs<AppRouter>['networks']['detail']['hosts'][number];
type Allocation = DetailHost['allocations'][number];

/** One subnet's allocation as a line (a host's blocks are listed under their segment, below the cards). */
function AllocationLine({ host, a }: { host: string; a: Allocation }) {
  return (
    <li data-testid={`alloc-${host}-${a.subnet}`} data-kind={a.kind}>
      <span className="font-mono">{a.subnet}</span>:{' '}
      {a.kind === 'blocks' &&
        `${a.blockCount} ${a.blockCount === 1 ? 'block' : 'blocks'} of its fleet segment (see Address blocks)`}
      {a.kind === 'range' && (
        <>
          range <span className="font-mono">{a.ipRange}</span>
        </>
      )}
      {a.kind === 'subnet' && 'the whole subnet'}
    </li>
  );
}

/** The copy's fields in words: mode, parent, VLAN, gateway. */
function CopyFields({ network: n }: { network: DetailHost['network'] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-xs">
      <dt className="text-slate-500">Mode</dt>
      <dd>
        {n.mode}
        {n.flag !== 'bridge' ? ` ${n.flag}` : ''}
        {n.internal ? ', internal' : ''}
      </dd>
      <dt className="text-slate-500">Parent</dt>
      <dd className="font-mono">
        {n.parent}
        {n.parentKind !== 'existing' ? ` (${n.parentKind} link)` : ''}
      </dd>
      <dt className="text-slate-500">VLAN</dt>
      <dd>{n.vlanId ?? '–'}</dd>
      <dt className="text-slate-500">Gateway</dt>
      <dd className="font-mono">
        {n.subnets
          .map((s) => s.gateway)
          .filter(Boolean)
          .join(', ') || '–'}
      </dd>
    </dl>
  );
}

/** The card's heading: the box that chooses the host for removal, its name and its copy's status. */
function CardHeader({ host, chosen, onChoose }: HostCardProps) {
  const status = host.network.status;
  return (
    <header className="flex items-center gap-2">
      <input
        type="checkbox"
        checked={chosen}
        onChange={onChoose}
        aria-label={`Choose ${host.host} for removal`}
        data-testid={`network-host-choose-${host.host}`}
      />
      <h2 className="font-semibold">{host.host}</h2>
      <span className={status === 'degraded' ? 'text-amber-700' : 'text-green-700'}>{status}</span>
    </header>
  );
}

/** The agent's inspect as JSON, behind a disclosure. */
function RawInspect({ inspect }: { inspect: DetailHost['inspect'] }) {
  if (!inspect) return null;
  return (
    <details className="text-xs">
      <summary className="cursor-pointer text-slate-500">Raw inspect</summary>
      <pre className="max-h-64 overflow-auto rounded bg-slate-900 p-2 text-slate-100">
        {JSON.stringify(inspect, null, 2)}
      </pre>
    </details>
  );
}

interface HostCardProps {
  host: DetailHost;
  chosen: boolean;
  onChoose: () => void;
}

/** A host's card on the network page, with a box to choose it for removal. */
export function HostCard(props: HostCardProps) {
  const { host } = props;
  return (
    <article
      className="space-y-2 rounded border bg-white p-3 text-sm"
      data-testid={`network-host-${host.host}`}
    >
      <CardHeader {...props} />
      <CopyFields network={host.network} />
      <div>
        <h3 className="text-xs font-medium">Addresses it hands out</h3>
        <ul className="text-xs">
          {host.allocations.map((a) => (
            <AllocationLine key={a.subnet} host={host.host} a={a} />
          ))}
        </ul>
      </div>
      {host.error ? <p className="text-red-700">{host.error}</p> : <Endpoints host={host} />}
      <RawInspect inspect={host.inspect} />
    </article>
  );
}

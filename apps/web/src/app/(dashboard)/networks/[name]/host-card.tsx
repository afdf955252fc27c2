'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '~/server/api/root';

// One host's part of a network: its copy's readable fields, what it holds of
// each subnet (fleet-IPAM blocks, its --ip-range or the whole subnet), its
// endpoints, and the raw inspect behind a disclosure.

export type DetailHost = inferRouterOutputs<AppRouter>['networks']['detail']['hosts'][number];
type Allocation = DetailHost['allocations'][number];

/** One subnet's allocation as a line. */
function AllocationLine({ host, a }: { host: string; a: Allocation }) {
  return (
    <li data-testid={`alloc-${host}-${a.subnet}`} data-kind={a.kind}>
      <span className="font-mono">{a.subnet}</span>:{' '}
      {a.kind === 'blocks' && (
        <>
          blocks{' '}
          {a.blocks.map((b) => (
            <span key={b.block} className="mr-1 font-mono" data-testid={`block-${host}-${b.block}`}>
              {b.block}
              {b.used !== null ? ` (${b.used} used)` : ''}
              {b.status !== 'held' ? ` ${b.status}` : ''}
            </span>
          ))}
        </>
      )}
      {a.kind === 'range' && (
        <>
          range <span className="font-mono">{a.ipRange}</span>
        </>
      )}
      {a.kind === 'subnet' && 'the whole subnet'}
      {a.segment && (
        <span className="ml-1 text-xs text-slate-500" data-testid={`segment-${host}-${a.subnet}`}>
          (fleet segment <span className="font-mono">{a.segment}</span>)
        </span>
      )}
    </li>
  );
}

/** The endpoints on one host, or a sentence saying there are none. */
function Endpoints({ host }: { host: DetailHost }) {
  if (host.endpoints.length === 0)
    return (
      <p className="text-slate-500" data-testid={`endpoints-none-${host.host}`}>
        No containers connected on {host.host}.
      </p>
    );
  return (
    <table className="w-full text-xs" data-testid={`endpoints-${host.host}`}>
      <caption className="text-left font-medium">Endpoints on {host.host}</caption>
      <thead>
        <tr className="text-left text-slate-500">
          <th className="pr-3">Container</th>
          <th className="pr-3">Addresses</th>
          <th>MAC</th>
        </tr>
      </thead>
      <tbody>
        {host.endpoints.map((e) => (
          <tr key={e.container} data-testid={`endpoint-${host.host}-${e.container}`}>
            <td className="pr-3">{e.container}</td>
            <td className="pr-3 font-mono">
              {[e.ipv4Address, e.ipv6Address].filter(Boolean).join(', ') || '–'}
            </td>
            <td className="font-mono">{e.macAddress || '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
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

/** A host's card on the network page, with a box to choose it for removal. */
export function HostCard({
  host,
  chosen,
  onChoose,
}: {
  host: DetailHost;
  chosen: boolean;
  onChoose: () => void;
}) {
  const n = host.network;
  return (
    <article
      className="space-y-2 rounded border bg-white p-3 text-sm"
      data-testid={`network-host-${host.host}`}
    >
      <header className="flex items-center gap-2">
        <input
          type="checkbox"
          checked={chosen}
          onChange={onChoose}
          aria-label={`Choose ${host.host} for removal`}
          data-testid={`network-host-choose-${host.host}`}
        />
        <h2 className="font-semibold">{host.host}</h2>
        <span className={n.status === 'degraded' ? 'text-amber-700' : 'text-green-700'}>
          {n.status}
        </span>
      </header>
      <CopyFields network={n} />
      <div>
        <h3 className="text-xs font-medium">Addresses it hands out</h3>
        <ul className="text-xs">
          {host.allocations.map((a) => (
            <AllocationLine key={a.subnet} host={host.host} a={a} />
          ))}
        </ul>
      </div>
      {host.error ? <p className="text-red-700">{host.error}</p> : <Endpoints host={host} />}
      {host.inspect && (
        <details className="text-xs">
          <summary className="cursor-pointer text-slate-500">Raw inspect</summary>
          <pre className="max-h-64 overflow-auto rounded bg-slate-900 p-2 text-slate-100">
            {JSON.stringify(host.inspect, null, 2)}
          </pre>
        </details>
      )}
    </article>
  );
}

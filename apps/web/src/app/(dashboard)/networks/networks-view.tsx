'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Network } from '@underlay/core';
import Link from 'next/link';
import { useState } from 'react';
import { errorText } from '~/lib/client-errors';
import {
  EMPTY_FILTER,
  linksRemovedWith,
  matchesFilter,
  type NetworkFilter,
} from '~/lib/network-filter';
import { useTRPC } from '~/trpc/react';
import { NetworkDetail } from './network-detail';

/** Every network across the fleet, filterable, with detail and remove. */
export function NetworksView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const outcomes = useQuery(trpc.networks.list.queryOptions());
  const [filter, setFilter] = useState<NetworkFilter>(EMPTY_FILTER);
  const [open, setOpen] = useState<string | null>(null);
  const remove = useMutation(
    trpc.networks.remove.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() }),
    }),
  );

  const rows = (outcomes.data ?? []).flatMap((o) =>
    o.ok ? o.value.map((network) => ({ hostId: o.hostId, host: o.host, network })) : [],
  );
  const failures = (outcomes.data ?? []).filter((o) => !o.ok);
  const shown = rows.filter((r) => matchesFilter(filter, r.hostId, r.network));
  const confirmRemove = (hostId: string, host: string, network: Network) => {
    const links = linksRemovedWith(
      network,
      rows.filter((r) => r.hostId === hostId).map((r) => r.network),
    );
    const what = links.length
      ? `This also deletes the link ${links.join(', ')} that underlay created.`
      : `The parent ${network.parent} stays.`;
    if (window.confirm(`Remove network ${network.name} from ${host}? ${what}`))
      remove.mutate({ hostId, network: network.name });
  };

  return (
    <section className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">Networks</h1>
        <Link
          href="/networks/new"
          className="rounded bg-slate-900 px-3 py-1 text-sm text-white"
          data-testid="network-new"
        >
          Create network
        </Link>
      </div>
      <div className="flex flex-wrap gap-2 text-sm" data-testid="network-filters">
        <select
          value={filter.hostId}
          onChange={(e) => setFilter({ ...filter, hostId: e.target.value })}
          className="rounded border px-2 py-1"
          aria-label="Host"
          data-testid="filter-host"
        >
          <option value="">all hosts</option>
          {hosts.data?.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
        <input
          placeholder="VLAN id"
          value={filter.vlan}
          onChange={(e) => setFilter({ ...filter, vlan: e.target.value })}
          className="w-24 rounded border px-2 py-1"
          data-testid="filter-vlan"
        />
        <input
          placeholder="subnet or address"
          value={filter.subnet}
          onChange={(e) => setFilter({ ...filter, subnet: e.target.value })}
          className="w-44 rounded border px-2 py-1"
          data-testid="filter-subnet"
        />
        <select
          value={filter.mode}
          onChange={(e) => setFilter({ ...filter, mode: e.target.value })}
          className="rounded border px-2 py-1"
          aria-label="Mode"
          data-testid="filter-mode"
        >
          <option value="">any mode</option>
          <option value="l2">l2</option>
          <option value="l3">l3</option>
          <option value="l3s">l3s</option>
        </select>
      </div>
      {failures.map(
        (f) =>
          !f.ok && (
            <p
              key={f.hostId}
              className="text-sm text-amber-700"
              data-testid={`network-host-error-${f.host}`}
            >
              {f.host}: {f.error}
            </p>
          ),
      )}
      {outcomes.error && (
        <p className="text-red-700" role="alert">
          {errorText(outcomes.error)}
        </p>
      )}
      {remove.error && (
        <p className="text-red-700" role="alert" data-testid="network-remove-error">
          {errorText(remove.error)}
        </p>
      )}
      <table className="w-full border-collapse bg-white text-sm" data-testid="network-table">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Host</th>
            <th className="p-2">Name</th>
            <th className="p-2">Mode</th>
            <th className="p-2">Parent</th>
            <th className="p-2">VLAN</th>
            <th className="p-2">Subnets</th>
            <th className="p-2">State</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {shown.map(({ hostId, host, network }) => {
            const key = `${host}-${network.name}`;
            return (
              <NetworkRow
                key={key}
                testKey={key}
                host={host}
                network={network}
                open={open === key}
                onToggle={() => setOpen(open === key ? null : key)}
                onRemove={() => confirmRemove(hostId, host, network)}
                hostId={hostId}
              />
            );
          })}
          {outcomes.isSuccess && shown.length === 0 && (
            <tr>
              <td colSpan={8} className="p-4 text-slate-500" data-testid="network-empty">
                No networks match.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

function NetworkRow({
  host,
  hostId,
  network,
  open,
  testKey,
  onToggle,
  onRemove,
}: {
  host: string;
  hostId: string;
  network: Network;
  open: boolean;
  testKey: string;
  onToggle: () => void;
  onRemove: () => void;
}) {
  return (
    <>
      <tr className="border-b align-top" data-testid={`network-row-${testKey}`}>
        <td className="p-2">{host}</td>
        <td className="p-2 font-medium">
          <button
            type="button"
            className="underline"
            onClick={onToggle}
            data-testid={`network-open-${testKey}`}
          >
            {network.name}
          </button>
        </td>
        <td className="p-2">
          {network.mode}
          {network.flag !== 'bridge' ? ` ${network.flag}` : ''}
          {network.internal ? ' internal' : ''}
        </td>
        <td className="p-2 font-mono text-xs">
          {network.parent}
          {network.parentKind !== 'existing' ? ` (${network.parentKind})` : ''}
        </td>
        <td className="p-2">{network.vlanId ?? '–'}</td>
        <td className="p-2 font-mono text-xs">
          {network.subnets
            .map((s) => `${s.subnet}${s.gateway ? ` gw ${s.gateway}` : ''}`)
            .join(', ')}
        </td>
        <td
          className={`p-2 ${network.status === 'degraded' ? 'text-amber-700' : 'text-green-700'}`}
        >
          {network.status}
        </td>
        <td className="p-2 text-right">
          <button
            type="button"
            className="text-red-700 underline"
            onClick={onRemove}
            data-testid={`network-remove-${testKey}`}
          >
            Remove
          </button>
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={8} className="bg-slate-50 p-2">
            <NetworkDetail hostId={hostId} network={network.name} />
          </td>
        </tr>
      )}
    </>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { errorText } from '~/lib/client-errors';
import {
  filterRows,
  groupNetworks,
  sortRows,
  type FleetNetworkRow,
  type SortKey,
  type SortOrder,
} from '~/lib/network-rows';
import { useTRPC } from '~/trpc/react';
import { RemoveFlow, RemoveReport, type RemoveOutcome, type RemoveTarget } from './remove-flow';
import { useSelection } from './use-selection';

// The fleet's networks, one row per network (a VLAN on two hosts is one row
// with two host chips), sortable and filterable, with bulk remove through one
// confirmation that lists everything that will go.

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'vlan', label: 'VLAN' },
  { key: 'subnets', label: 'Subnets' },
  { key: 'mode', label: 'Mode' },
  { key: 'hosts', label: 'Hosts' },
];

/** The rows as grouped, filtered and sorted, with the hosts that did not answer. */
function useRows(query: string, order: SortOrder) {
  const trpc = useTRPC();
  const outcomes = useQuery(trpc.networks.list.queryOptions());
  const all = useMemo(
    () =>
      groupNetworks(
        (outcomes.data ?? []).flatMap((o) =>
          o.ok ? o.value.map((network) => ({ hostId: o.hostId, host: o.host, network })) : [],
        ),
      ),
    [outcomes.data],
  );
  const shown = sortRows(filterRows(all, query), order);
  const failures = (outcomes.data ?? []).flatMap((o) => (o.ok ? [] : [o]));
  return { outcomes, shown, failures };
}

/** Every network across the fleet, one row each, with bulk remove. */
export function NetworksView() {
  const [query, setQuery] = useState('');
  const [order, setOrder] = useState<SortOrder>({ key: 'name', direction: 'asc' });
  const selection = useSelection();
  const [removing, setRemoving] = useState<RemoveTarget[] | null>(null);
  const [report, setReport] = useState<RemoveOutcome[]>([]);
  const { outcomes, shown, failures } = useRows(query, order);
  const visibleSelected = shown.filter((r) => selection.chosen.has(r.name)).map((r) => r.name);
  const sortBy = (key: SortKey) =>
    setOrder({ key, direction: order.key === key && order.direction === 'asc' ? 'desc' : 'asc' });
  return (
    <section className="space-y-4">
      <Toolbar
        query={query}
        onQuery={setQuery}
        selected={visibleSelected.length}
        onRemove={() => setRemoving(visibleSelected.map((network) => ({ network })))}
      />
      {failures.map((f) => (
        <p
          key={f.hostId}
          className="text-sm text-amber-700"
          data-testid={`network-host-error-${f.host}`}
        >
          {f.host}: {f.error}
        </p>
      ))}
      {outcomes.error && (
        <p className="text-red-700" role="alert">
          {errorText(outcomes.error)}
        </p>
      )}
      <RemoveReport outcomes={report} onRetry={setRemoving} />
      <NetworkTable
        rows={shown}
        order={order}
        onSort={sortBy}
        selected={selection.chosen}
        onToggle={selection.toggle}
        onToggleAll={(on) => selection.set(on ? shown.map((r) => r.name) : [])}
        onRemove={(name) => setRemoving([{ network: name }])}
        empty={outcomes.isSuccess && shown.length === 0}
      />
      {removing && (
        <RemoveFlow
          targets={removing}
          onCancel={() => setRemoving(null)}
          onDone={(done) => {
            setRemoving(null);
            setReport(done);
            selection.set([]);
          }}
        />
      )}
    </section>
  );
}

/** The title, Create, the filter box and Remove selected. */
function Toolbar(props: {
  query: string;
  onQuery: (q: string) => void;
  selected: number;
  onRemove: () => void;
}) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <h1 className="text-lg font-semibold">Networks</h1>
      <Link
        href="/networks/new"
        className="rounded bg-slate-900 px-3 py-1 text-sm text-white"
        data-testid="network-new"
      >
        Create network
      </Link>
      <label className="ml-auto flex items-center gap-2 text-sm">
        Filter
        <input
          type="search"
          value={props.query}
          onChange={(e) => props.onQuery(e.target.value)}
          placeholder="name, VLAN, subnet, mode or host"
          className="w-64 rounded border px-2 py-1"
          data-testid="network-filter"
        />
      </label>
      <button
        type="button"
        disabled={props.selected === 0}
        onClick={props.onRemove}
        className="rounded border border-red-700 px-3 py-1 text-sm text-red-700 disabled:opacity-40"
        data-testid="network-bulk-remove"
      >
        Remove selected ({props.selected})
      </button>
    </div>
  );
}

/** The table: a header of sort buttons, a select-all box, and one row per network. */
function NetworkTable(props: {
  rows: FleetNetworkRow[];
  order: SortOrder;
  onSort: (key: SortKey) => void;
  selected: Set<string>;
  onToggle: (name: string) => void;
  onToggleAll: (on: boolean) => void;
  onRemove: (name: string) => void;
  empty: boolean;
}) {
  const { rows, order, selected } = props;
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.name));
  return (
    <table className="w-full border-collapse bg-white text-sm" data-testid="network-table">
      <thead>
        <tr className="border-b text-left text-slate-500">
          <th className="w-8 p-2">
            <input
              type="checkbox"
              aria-label="Select every network shown"
              checked={allOn}
              onChange={(e) => props.onToggleAll(e.target.checked)}
              data-testid="network-select-all"
            />
          </th>
          {COLUMNS.map((c) => (
            <SortHeader key={c.key} column={c} order={order} onSort={props.onSort} />
          ))}
          <th className="p-2" />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <NetworkRow
            key={row.name}
            row={row}
            checked={selected.has(row.name)}
            onToggle={() => props.onToggle(row.name)}
            onRemove={() => props.onRemove(row.name)}
          />
        ))}
        {props.empty && (
          <tr>
            <td colSpan={7} className="p-4 text-slate-500" data-testid="network-empty">
              No networks match.
            </td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** One network: its name (a link to its page), VLAN, subnets, mode, and a chip per host. */
function NetworkRow({
  row,
  checked,
  onToggle,
  onRemove,
}: {
  row: FleetNetworkRow;
  checked: boolean;
  onToggle: () => void;
  onRemove: () => void;
}) {
  return (
    <tr
      className="border-b align-top"
      data-testid={`network-row-${row.name}`}
      data-network={row.name}
    >
      <td className="p-2">
        <input
          type="checkbox"
          aria-label={`Select ${row.name}`}
          checked={checked}
          onChange={onToggle}
          data-testid={`network-select-${row.name}`}
        />
      </td>
      <td className="p-2 font-medium">
        <Link
          href={`/networks/${encodeURIComponent(row.name)}`}
          className="underline"
          data-testid={`network-open-${row.name}`}
        >
          {row.name}
        </Link>
      </td>
      <td className="p-2">{row.vlans.length ? row.vlans.join(', ') : '–'}</td>
      <td className="p-2 font-mono text-xs">{row.subnets.join(', ')}</td>
      <td className="p-2">{row.modes.join(', ')}</td>
      <td className="p-2">
        <HostChips row={row} />
      </td>
      <td className="p-2 text-right">
        <button
          type="button"
          className="text-red-700 underline"
          onClick={onRemove}
          data-testid={`network-remove-${row.name}`}
        >
          Remove…
        </button>
      </td>
    </tr>
  );
}

/** A column header: a button that sorts by it, ascending first, then descending. */
function SortHeader({
  column,
  order,
  onSort,
}: {
  column: (typeof COLUMNS)[number];
  order: SortOrder;
  onSort: (key: SortKey) => void;
}) {
  const active = order.key === column.key;
  const asc = order.direction === 'asc';
  return (
    <th className="p-2" aria-sort={active ? (asc ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        onClick={() => onSort(column.key)}
        data-testid={`network-sort-${column.key}`}
      >
        {column.label}
        {active ? (asc ? ' ▲' : ' ▼') : ''}
      </button>
    </th>
  );
}

/** A chip per host holding the network (amber when its copy there is degraded). */
function HostChips({ row }: { row: FleetNetworkRow }) {
  return (
    <ul className="flex flex-wrap gap-1" aria-label={`Hosts of ${row.name}`}>
      {row.hosts.map((h) => (
        <li
          key={h.hostId}
          className={`rounded-full px-2 py-0.5 text-xs ${h.status === 'degraded' ? 'bg-amber-100 text-amber-900' : 'bg-slate-200 text-slate-800'}`}
          data-testid={`network-chip-${row.name}-${h.host}`}
          title={h.status === 'degraded' ? `${h.host}: degraded` : h.host}
        >
          {h.host}
        </li>
      ))}
    </ul>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { errorText } from '~/lib/client-errors';
import {
  filterRows,
  groupNetworks,
  sortRows,
  type SortKey,
  type SortOrder,
} from '~/lib/network-rows';
import { useTRPC } from '~/trpc/react';
import { NetworkTable } from './network-table';
import { RemoveReport } from './remove-flow';
import { useRemoval } from './use-removal';
import { useSelection } from './use-selection';

// The fleet's networks, one row per network (a VLAN on two hosts is one row
// with two host chips), sortable and filterable, with bulk remove through one
// confirmation that lists everything that will go.

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
  return { outcomes, shown, problems: { failures, error: outcomes.error } };
}

/** The sort order, and a sorter that flips the direction when the same column is chosen again. */
function useOrder() {
  const [order, setOrder] = useState<SortOrder>({ key: 'name', direction: 'asc' });
  const sortBy = (key: SortKey) =>
    setOrder({ key, direction: order.key === key && order.direction === 'asc' ? 'desc' : 'asc' });
  return { order, sortBy };
}

/** The hosts whose list failed, each on a line, and the query's own error. */
function ListProblems({ failures, error }: ReturnType<typeof useRows>['problems']) {
  return (
    <>
      {failures.map((f) => (
        <p
          key={f.hostId}
          className="text-sm text-amber-700"
          data-testid={`network-host-error-${f.host}`}
        >
          {f.host}: {f.error}
        </p>
      ))}
      {error && (
        <p className="text-red-700" role="alert">
          {errorText(error)}
        </p>
      )}
    </>
  );
}

/** Every network across the fleet, one row each, with bulk remove. */
export function NetworksView() {
  const [query, setQuery] = useState('');
  const { order, sortBy } = useOrder();
  const selection = useSelection();
  const removal = useRemoval(() => selection.set([]));
  const { outcomes, shown, problems } = useRows(query, order);
  const visibleSelected = shown.filter((r) => selection.chosen.has(r.name)).map((r) => r.name);
  return (
    <section className="space-y-4">
      <Toolbar
        query={query}
        onQuery={setQuery}
        selected={visibleSelected.length}
        onRemove={() => removal.start(visibleSelected.map((network) => ({ network })))}
      />
      <ListProblems {...problems} />
      <RemoveReport outcomes={removal.report} onRetry={removal.start} />
      <NetworkTable
        rows={shown}
        order={order}
        onSort={sortBy}
        selected={selection.chosen}
        onToggle={selection.toggle}
        onToggleAll={(on) => selection.set(on ? shown.map((r) => r.name) : [])}
        onRemove={(name) => removal.start([{ network: name }])}
        empty={outcomes.isSuccess && shown.length === 0}
      />
      {removal.flow}
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

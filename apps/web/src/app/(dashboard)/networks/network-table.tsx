'use client';

import type { FleetNetworkRow, SortKey, SortOrder } from '~/lib/network-rows';
import { NetworkRow } from './network-row';

// The networks table: a header of sort buttons with a select-all box, and one
// row per network (network-row.tsx).

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'vlan', label: 'VLAN' },
  { key: 'subnets', label: 'Subnets' },
  { key: 'mode', label: 'Mode' },
  { key: 'hosts', label: 'Hosts' },
];

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

/** The header row: select every row shown, then a sort button per column. */
function TableHead({
  allOn,
  ...props
}: Pick<TableProps, 'order' | 'onSort' | 'onToggleAll'> & { allOn: boolean }) {
  return (
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
          <SortHeader key={c.key} column={c} order={props.order} onSort={props.onSort} />
        ))}
        <th className="p-2" />
      </tr>
    </thead>
  );
}

interface TableProps {
  rows: FleetNetworkRow[];
  order: SortOrder;
  onSort: (key: SortKey) => void;
  selected: Set<string>;
  onToggle: (name: string) => void;
  onToggleAll: (on: boolean) => void;
  onRemove: (name: string) => void;
  empty: boolean;
}

/** The table: a header of sort buttons, a select-all box, and one row per network. */
export function NetworkTable(props: TableProps) {
  const { rows, selected } = props;
  const allOn = rows.length > 0 && rows.every((r) => selected.has(r.name));
  return (
    <table className="w-full border-collapse bg-white text-sm" data-testid="network-table">
      <TableHead allOn={allOn} {...props} />
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

'use client';

import Link from 'next/link';
import type { FleetNetworkRow } from '~/lib/network-rows';

// One row of the networks table: a network across the fleet, with its box for
// bulk remove, a link to its page, a chip per host and its own Remove.

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

/** The row's first two cells: its box for bulk remove, and its name as a link to its page. */
function SelectAndName({
  name,
  checked,
  onToggle,
}: Omit<RowProps, 'row' | 'onRemove'> & { name: string }) {
  return (
    <>
      <td className="p-2">
        <input
          type="checkbox"
          aria-label={`Select ${name}`}
          checked={checked}
          onChange={onToggle}
          data-testid={`network-select-${name}`}
        />
      </td>
      <td className="p-2 font-medium">
        <Link
          href={`/networks/${encodeURIComponent(name)}`}
          className="underline"
          data-testid={`network-open-${name}`}
        >
          {name}
        </Link>
      </td>
    </>
  );
}

interface RowProps {
  row: FleetNetworkRow;
  checked: boolean;
  onToggle: () => void;
  onRemove: () => void;
}

/** One network: its name (a link to its page), VLAN, subnets, mode, and a chip per host. */
export function NetworkRow({ row, checked, onToggle, onRemove }: RowProps) {
  return (
    <tr
      className="border-b align-top"
      data-testid={`network-row-${row.name}`}
      data-network={row.name}
    >
      <SelectAndName name={row.name} checked={checked} onToggle={onToggle} />
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

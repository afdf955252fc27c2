import type { Network } from '@underlay/core';

// The Networks table's rows: one per network name across the fleet (the
// dashboard creates one network on several hosts under one name), with the
// hosts that hold it as chips. Pure, so the table and its tests agree.

/** One host's copy of a network, as `networks.list` answers per host. */
export interface HostNetwork {
  hostId: string;
  host: string;
  network: Network;
}

/** A network as a fleet object: its name, shared fields, and every host that holds it. */
export interface FleetNetworkRow {
  name: string;
  /** VLAN ids of the copies (one when the hosts agree). */
  vlans: number[];
  subnets: string[];
  modes: string[];
  hosts: { hostId: string; host: string; status: Network['status'] }[];
}

export type SortKey = 'name' | 'vlan' | 'subnets' | 'mode' | 'hosts';
export interface SortOrder {
  key: SortKey;
  direction: 'asc' | 'desc';
}

const uniq = <T>(values: T[]): T[] => [...new Set(values)];

/** Groups each host's networks into one row per network name, rows by name, chips by host name. */
export function groupNetworks(copies: HostNetwork[]): FleetNetworkRow[] {
  const byName = new Map<string, HostNetwork[]>();
  for (const copy of copies)
    byName.set(copy.network.name, [...(byName.get(copy.network.name) ?? []), copy]);
  return [...byName.entries()]
    .map(([name, list]) => ({
      name,
      vlans: uniq(list.flatMap((c) => (c.network.vlanId ? [c.network.vlanId] : []))).sort(
        (a, b) => a - b,
      ),
      subnets: uniq(list.flatMap((c) => c.network.subnets.map((s) => s.subnet))),
      modes: uniq(list.map((c) => c.network.mode)).sort(),
      hosts: list
        .map((c) => ({ hostId: c.hostId, host: c.host, status: c.network.status }))
        .sort((a, b) => a.host.localeCompare(b.host)),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The text a row is filtered on: name, VLAN ids, subnets, modes and host names. */
function rowText(row: FleetNetworkRow): string {
  return [
    row.name,
    ...row.vlans.map(String),
    ...row.subnets,
    ...row.modes,
    ...row.hosts.map((h) => h.host),
  ]
    .join(' ')
    .toLowerCase();
}

/** Rows whose text holds every word of `query` (case-insensitive; empty keeps all). */
export function filterRows(rows: FleetNetworkRow[], query: string): FleetNetworkRow[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return rows;
  return rows.filter((row) => {
    const text = rowText(row);
    return words.every((w) => text.includes(w));
  });
}

/** Compares two rows on one column; a row without a VLAN sorts after every VLAN. */
function compareOn(key: SortKey, a: FleetNetworkRow, b: FleetNetworkRow): number {
  switch (key) {
    case 'vlan':
      return (a.vlans[0] ?? 5000) - (b.vlans[0] ?? 5000);
    case 'subnets':
      return (a.subnets[0] ?? '').localeCompare(b.subnets[0] ?? '', 'en', { numeric: true });
    case 'mode':
      return a.modes.join(',').localeCompare(b.modes.join(','));
    case 'hosts':
      return a.hosts.length - b.hosts.length;
    default:
      return 0;
  }
}

/** Rows in `order`, ties broken by name (stable whatever the column). */
export function sortRows(rows: FleetNetworkRow[], order: SortOrder): FleetNetworkRow[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  return [...rows].sort(
    (a, b) => sign * (compareOn(order.key, a, b) || a.name.localeCompare(b.name)),
  );
}

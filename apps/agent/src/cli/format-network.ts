import type { Network } from '@underlay/core';
import { usageError } from './cli-error';
import { formatTable } from './format-table';

// `network ls`: Docker's columns plus underlay's MODE and PARENT, read from
// the agent's typed answer (core's Network, as `networks.list` declares it).

/** One row of `network ls`. */
export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  scope: string;
  mode: string;
  parent: string;
  labels: Record<string, string>;
}

/** The row of a network record (underlay's networks are all local in Docker's terms). */
export const summariseNetwork = (network: Network): NetworkSummary => ({
  id: network.id,
  name: network.name,
  driver: network.driver,
  scope: 'local',
  mode: network.mode,
  parent: network.parent,
  labels: network.labels,
});

/** Docker's short id: the first 12 characters. */
export const shortId = (id: string): string => id.slice(0, 12);

/** The `network ls` table. */
export const networkTable = (networks: readonly NetworkSummary[]): string[] =>
  formatTable(
    ['NETWORK ID', 'NAME', 'DRIVER', 'SCOPE', 'MODE', 'PARENT'],
    networks.map((n) => [shortId(n.id), n.name, n.driver, n.scope, n.mode, n.parent]),
  );

/** A `--filter key=value` of `network ls`. */
export interface NetworkFilter {
  key: 'name' | 'id' | 'driver' | 'label' | 'mode' | 'parent' | 'scope';
  value: string;
}

const FILTER_KEYS: NetworkFilter['key'][] = [
  'name',
  'id',
  'driver',
  'label',
  'mode',
  'parent',
  'scope',
];

/** Parses `--filter` texts; refuses unknown keys as Docker does, naming the known ones. */
export function parseNetworkFilters(texts: readonly string[] | undefined): NetworkFilter[] {
  return (texts ?? []).map((raw) => {
    const eq = raw.indexOf('=');
    const key = eq < 0 ? raw : raw.slice(0, eq);
    if (eq < 0 || !FILTER_KEYS.includes(key as NetworkFilter['key'])) {
      throw usageError(
        '--filter',
        `"${raw}" is not a valid filter:`,
        `use key=value with key one of ${FILTER_KEYS.join(', ')}.`,
      );
    }
    return { key: key as NetworkFilter['key'], value: raw.slice(eq + 1) };
  });
}

// Docker's semantics: the same key given twice matches either value (OR);
// different keys must all match (AND). name matches a substring, id a prefix.
/** Keeps the networks that pass every filter key. */
export function filterNetworks(
  networks: readonly NetworkSummary[],
  filters: readonly NetworkFilter[],
): NetworkSummary[] {
  const keys = [...new Set(filters.map((f) => f.key))];
  return networks.filter((n) =>
    keys.every((key) => filters.filter((f) => f.key === key).some((f) => matches(n, f))),
  );
}

function matches(n: NetworkSummary, { key, value }: NetworkFilter): boolean {
  switch (key) {
    case 'name':
      return n.name.includes(value);
    case 'id':
      return n.id.startsWith(value);
    case 'label': {
      const eq = value.indexOf('=');
      return eq < 0 ? value in n.labels : n.labels[value.slice(0, eq)] === value.slice(eq + 1);
    }
    case 'driver':
    case 'mode':
    case 'parent':
    case 'scope':
      return n[key] === value;
  }
}

import { type Issue, issue } from '../errors';
import { entrySpec } from './request';
import type { FleetFile, HostSelector } from './schema';
import type { NetworkSpec } from './spec';

// Which networks each host should have: every entry's selector resolved
// against the hosts being planned (names, `@lists`, labels from the file's
// hosts: section), each entry brought to its spec once.

/** The networks the file wants on each host, or the issues that stop a plan. */
export interface DesiredFleet {
  byHost: Map<string, NetworkSpec[]>;
  issues: Issue[];
}

/** The host names an entry's selector picks among `hosts`. */
export function selectHosts(
  fleet: FleetFile,
  selector: HostSelector | undefined,
  hosts: readonly string[],
): { picked: string[]; unknown: string[] } {
  if (selector === undefined || selector === 'all') return { picked: [...hosts], unknown: [] };
  const words = Array.isArray(selector) ? selector : [];
  const object = Array.isArray(selector) ? {} : selector;
  const listNames = [
    ...words.filter((w) => w.startsWith('@')).map((w) => w.slice(1)),
    ...(object.lists ?? []),
  ];
  const names = new Set([
    ...words.filter((w) => !w.startsWith('@')),
    ...(object.names ?? []),
    ...listNames.flatMap((list) => fleet.lists?.[list] ?? []),
  ]);
  const labels = Object.entries(object.labels ?? {});
  const byLabel = labels.length
    ? hosts.filter((h) => labels.every(([k, v]) => fleet.hosts?.[h]?.labels?.[k] === v))
    : [];
  const picked = hosts.filter((h) => names.has(h) || byLabel.includes(h));
  return { picked, unknown: [...names].filter((n) => !hosts.includes(n)) };
}

/** Resolves the whole file against the hosts being planned. */
export function desiredFleet(fleet: FleetFile, hosts: readonly string[]): DesiredFleet {
  const byHost = new Map<string, NetworkSpec[]>(hosts.map((h) => [h, []]));
  const from = new Map<string, number>(); // host + name → entry index
  const issues: Issue[] = [];
  fleet.networks.forEach((entry, index) => {
    const { picked, unknown } = selectHosts(fleet, entry.hosts, hosts);
    for (const name of unknown)
      issues.push(
        issue(
          'NOT_FOUND',
          ['networks', index, 'hosts'],
          `host "${name}" is named in the file but is not among the hosts planned (${hosts.join(', ') || 'none'}).`,
          `Add --host ${name}=SOCKET_OR_URL, or remove it from the selector.`,
        ),
      );
    const spec = entrySpec(entry);
    for (const host of picked) {
      const seen = from.get(`${host}\u0000${entry.name}`);
      if (seen !== undefined) {
        issues.push(twice(entry.name, host, seen, index));
        continue;
      }
      from.set(`${host}\u0000${entry.name}`, index);
      byHost.get(host)?.push(spec);
    }
  });
  return { byHost, issues };
}

const twice = (name: string, host: string, first: number, again: number): Issue =>
  issue(
    'NETWORK_EXISTS',
    ['networks', again, 'hosts'],
    `network "${name}" is already given for ${host} by networks[${first}].`,
    'Give each host one entry per network name: make the host sets disjoint.',
  );

import { type Issue, issue } from '../errors';
import type { HostSnapshot, NetworkCreateInput } from '../schemas';
import { parseVlanParent, resolveNetworkCreate, validateNetworkCreate } from '../validate';
import type { FleetNetwork } from './schema';
import { type NetworkSpec, specOf } from './spec';

// A file entry is checked by the very validate() that `network create` runs,
// against a host that has its parent's base link and nothing else: what is
// left are the checks that hold on every host (syntax, host bits, gateways in
// their subnet, mode and flag). Host-bound checks (a missing parent, an overlap
// with a network made by hand) are the agent's, at apply.

// Codes that depend on a real host, not on the file.
const HOST_CODES = new Set<Issue['code']>([
  'PARENT_NOT_FOUND',
  'PARENT_BASE_NOT_FOUND',
  'PARENT_DOWN',
  'PARENT_BUSY',
  'PARENT_IN_USE',
  'PARENT_MODE_CONFLICT',
  'NETWORK_EXISTS',
  'POOLS_EXHAUSTED',
]);

/** The parent link an entry names: `parent.vlan`, `parent`, or none (a dummy). */
export function entryParent(entry: FleetNetwork): string | undefined {
  if (entry.vlan === undefined) return entry.parent;
  return `${entry.parent ?? ''}.${entry.vlan}`;
}

/** The `network create` request an entry stands for. */
export function entryRequest(entry: FleetNetwork): NetworkCreateInput {
  const parent = entryParent(entry);
  const options: Record<string, string> = {
    ...(parent !== undefined ? { parent } : {}),
    ...(entry.mode ? { ipvlan_mode: entry.mode } : {}),
    ...(entry.flag ? { ipvlan_flag: entry.flag } : {}),
  };
  const isV6 = (s: { subnet: string }): boolean => s.subnet.includes(':');
  return {
    name: entry.name,
    driver: 'ipvlan',
    options,
    internal: entry.internal ?? false,
    ipv4: entry.ipv4 ?? entry.subnets.some((s) => !isV6(s)),
    ipv6: entry.ipv6 ?? entry.subnets.some(isV6),
    ipam: entry.subnets.map((s) => ({ ...s })),
    labels: entry.labels ?? {},
  };
}

/** A host with only the parent's base link, up: the stand-in for "any host". */
function anyHost(parent: string | undefined): HostSnapshot {
  const base = parent ? (parseVlanParent(parent)?.base ?? parent) : undefined;
  return {
    hostname: 'every host',
    links: base ? [{ name: base, kind: 'device', parent: null, mtu: 1500, up: true }] : [],
    addresses: [],
    networks: [],
    endpoints: [],
    containers: [],
    containerLinks: [],
    ownedLinks: [],
  };
}

// Request paths → file paths: ipam[i] is subnets[i], options.* are top-level fields.
function filePath(entry: FleetNetwork, path: Issue['path']): Issue['path'] {
  const [head, ...rest] = path;
  if (head === 'ipam') return ['subnets', ...rest];
  if (head !== 'options') return path;
  const key = rest[0];
  if (key === 'ipvlan_mode') return ['mode'];
  if (key === 'ipvlan_flag') return ['flag'];
  return entry.vlan !== undefined ? ['vlan'] : ['parent'];
}

/** The file-level issues of one entry, with paths into the entry. */
export function entryIssues(entry: FleetNetwork): Issue[] {
  const parent = entryParent(entry);
  const problems = validateNetworkCreate(entryRequest(entry), anyHost(parent))
    .filter((p) => !HOST_CODES.has(p.code))
    .map((p) => ({ ...p, path: filePath(entry, p.path) }));
  if (entry.vlan !== undefined && !entry.parent)
    problems.push(
      issue(
        'INVALID_INPUT',
        ['parent'],
        `vlan ${entry.vlan} needs the link it is tagged on.`,
        'Add parent: eth0 (or the trunk link), or write parent: eth0.VLAN and leave vlan out.',
      ),
    );
  return problems;
}

/** The spec an entry resolves to on any host (call only when entryIssues has no error). */
export function entrySpec(entry: FleetNetwork): NetworkSpec {
  const parent = entryParent(entry);
  const ctx = { id: '000000000000', now: '1970-01-01T00:00:00.000Z' };
  return specOf(resolveNetworkCreate(entryRequest(entry), anyHost(parent), ctx).network);
}

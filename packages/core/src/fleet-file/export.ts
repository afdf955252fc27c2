import { stringify } from 'yaml';
import { parseVlanParent } from '../validate';
import type { FleetFile, FleetNetwork } from './schema';
import { type NetworkSpec, specOf } from './spec';
import type { CurrentNetwork } from './diff';

// The fleet's networks written back as a fleet file: the same network on
// several hosts becomes one entry with its host list, so that planning the
// export against the fleet it came from changes nothing.

const isV6 = (cidr: string): boolean => cidr.includes(':');

/** The file entry that resolves back to this spec. */
export function entryOfSpec(spec: NetworkSpec): Omit<FleetNetwork, 'hosts'> {
  const vlan = spec.parent ? parseVlanParent(spec.parent) : null;
  const hasV4 = spec.subnets.some((s) => !isV6(s.subnet));
  const hasV6 = spec.subnets.some((s) => isV6(s.subnet));
  return {
    name: spec.name,
    ...(vlan && String(vlan.vid) === vlan.vidText
      ? { vlan: vlan.vid, parent: vlan.base }
      : spec.parent
        ? { parent: spec.parent }
        : {}),
    ...(spec.mode !== 'l2' ? { mode: spec.mode } : {}),
    ...(spec.flag !== 'bridge' ? { flag: spec.flag } : {}),
    subnets: spec.subnets.map((s) => ({
      subnet: s.subnet,
      ...(s.gateway || s.reservedGateway ? { gateway: s.gateway ?? s.reservedGateway } : {}),
      ...(s.ipRange ? { ipRange: s.ipRange } : {}),
      ...(Object.keys(s.auxAddresses).length ? { auxAddresses: s.auxAddresses } : {}),
    })),
    ...(spec.internal ? { internal: true } : {}),
    ...(spec.ipv4 !== hasV4 ? { ipv4: spec.ipv4 } : {}),
    ...(spec.ipv6 !== hasV6 ? { ipv6: spec.ipv6 } : {}),
    ...(Object.keys(spec.labels).length ? { labels: spec.labels } : {}),
  };
}

/** The fleet file describing `current` (host → its networks). */
export function exportFleet(current: ReadonlyMap<string, readonly CurrentNetwork[]>): FleetFile {
  const hosts = [...current.keys()];
  const groups = new Map<string, { entry: Omit<FleetNetwork, 'hosts'>; hosts: string[] }>();
  for (const [host, networks] of current) {
    for (const network of networks) {
      const entry = entryOfSpec(specOf(network));
      const key = JSON.stringify(entry);
      const group = groups.get(key) ?? { entry, hosts: [] };
      group.hosts.push(host);
      groups.set(key, group);
    }
  }
  const networks = [...groups.values()]
    .sort((a, b) => a.entry.name.localeCompare(b.entry.name))
    .map(({ entry, hosts: on }) => (on.length === hosts.length ? entry : { ...entry, hosts: on }));
  return { version: 1, networks };
}

/** The comment that names the JSON Schema (point yaml-language-server's $schema at your copy). */
export const SCHEMA_COMMENT = '# underlay fleet file: schema in schemas/fleet.schema.json';

/** A fleet document as YAML text. */
export function fleetYaml(fleet: FleetFile): string {
  return `${SCHEMA_COMMENT}\n${stringify(fleet, { lineWidth: 0 })}`;
}

import type { Network } from '../schemas';

// What the diff compares: a network as it behaves, with every default applied
// and nothing host-made (ids, dates, dummy parent names). Both sides, the file
// and an agent's list, are brought to this one shape by the same code path.

/** A subnet as compared: canonical text, the effective gateway, the range and aux addresses. */
export interface SpecSubnet {
  subnet: string;
  gateway?: string;
  /** An internal L2 network's gateway: reserved, not routed. */
  reservedGateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

/** A network as compared across the fleet. `parent` is null for a dummy (isolated) parent. */
export interface NetworkSpec {
  name: string;
  parent: string | null;
  mode: Network['mode'];
  flag: Network['flag'];
  internal: boolean;
  ipv4: boolean;
  ipv6: boolean;
  subnets: SpecSubnet[];
  labels: Record<string, string>;
}

/** The fields a plan reports a change of, in the order it prints them. */
export const SPEC_FIELDS = [
  'parent',
  'mode',
  'flag',
  'internal',
  'ipv4',
  'ipv6',
  'subnets',
  'labels',
] as const;
export type SpecField = (typeof SPEC_FIELDS)[number];

const sortedRecord = (record: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));

/** A network record (from an agent, or resolved from the file) as a spec. */
export function specOf(network: Network): NetworkSpec {
  const subnets = network.subnets
    .map((s) => ({
      subnet: s.subnet,
      ...(s.gateway ? { gateway: s.gateway } : {}),
      ...(s.reservedGateway ? { reservedGateway: s.reservedGateway } : {}),
      ...(s.ipRange ? { ipRange: s.ipRange } : {}),
      auxAddresses: sortedRecord(s.auxAddresses),
    }))
    .sort((a, b) => a.subnet.localeCompare(b.subnet));
  return {
    name: network.name,
    parent: network.parentKind === 'dummy' ? null : network.parent,
    mode: network.mode,
    flag: network.flag,
    internal: network.internal,
    ipv4: network.ipv4,
    ipv6: network.ipv6,
    subnets,
    labels: sortedRecord(network.labels),
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The fields where two specs differ (empty when equal). */
export function changedFields(from: NetworkSpec, to: NetworkSpec): SpecField[] {
  return SPEC_FIELDS.filter((field) => !same(from[field], to[field]));
}

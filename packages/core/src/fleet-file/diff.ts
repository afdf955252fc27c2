import type { Network } from '../schemas';
import { type NetworkSpec, type SpecField, changedFields, specOf } from './spec';

// desired (the file, per host) × current (each agent's networks.list) → what
// to do on each host. Pure: the CLI plans, prints, and applies the same value.

/** A network as an agent lists it: the record plus how many endpoints it has. */
export type CurrentNetwork = Network & { endpoints?: number };

/** One thing to do on a host. `blocked` says why it cannot be done as is. */
export type FleetAction =
  | { kind: 'create'; name: string; to: NetworkSpec }
  | {
      kind: 'change';
      name: string;
      from: NetworkSpec;
      to: NetworkSpec;
      fields: SpecField[];
      how: 'in-place' | 'replace';
      endpoints: number;
      blocked?: string;
    }
  | { kind: 'remove'; name: string; from: NetworkSpec; endpoints: number; blocked?: string };

/** The plan for one host. `unchanged` and `unmanaged` (on the host, not in the file, no --prune) are names. */
export interface HostPlan {
  host: string;
  actions: FleetAction[];
  unchanged: string[];
  unmanaged: string[];
}

/** How to plan. `inPlaceFields`: fields the agents can change without remove + create (default IN_PLACE_FIELDS). */
export interface PlanOptions {
  prune?: boolean;
  inPlaceFields?: readonly SpecField[];
}

/**
 * What an agent's `networks.update` changes without touching containers: labels only.
 * parent, mode and flag are each container's ipvlan link; subnets (gateways, ranges,
 * aux addresses), internal, ipv4 and ipv6 are in the containers' addresses and routes
 * or in addresses already handed out. Those are a replace (remove + create).
 */
export const IN_PLACE_FIELDS: readonly SpecField[] = ['labels'];

function changeOf(
  current: CurrentNetwork,
  to: NetworkSpec,
  inPlace: readonly SpecField[],
): FleetAction | null {
  const from = specOf(current);
  const fields = changedFields(from, to);
  if (!fields.length) return null;
  const endpoints = current.endpoints ?? 0;
  const how = fields.every((f) => inPlace.includes(f)) ? 'in-place' : 'replace';
  const blocked =
    how === 'replace' && endpoints > 0
      ? `${endpoints} endpoint(s) connected: disconnect them first, a replace removes the network`
      : undefined;
  return {
    kind: 'change',
    name: to.name,
    from,
    to,
    fields,
    how,
    endpoints,
    ...(blocked ? { blocked } : {}),
  };
}

function removeOf(current: CurrentNetwork): FleetAction {
  const endpoints = current.endpoints ?? 0;
  const blocked =
    endpoints > 0 ? `${endpoints} endpoint(s) connected: disconnect them first` : undefined;
  return {
    kind: 'remove',
    name: current.name,
    from: specOf(current),
    endpoints,
    ...(blocked ? { blocked } : {}),
  };
}

/** Plans one host: removals first (they free parents and subnets), then changes, then creates. */
export function planHost(
  host: string,
  desired: readonly NetworkSpec[],
  current: readonly CurrentNetwork[],
  options: PlanOptions = {},
): HostPlan {
  const inPlace = options.inPlaceFields ?? IN_PLACE_FIELDS;
  const byName = new Map(current.map((n) => [n.name, n]));
  const wanted = new Set(desired.map((d) => d.name));
  const removes: FleetAction[] = [];
  const unmanaged: string[] = [];
  for (const network of current) {
    if (wanted.has(network.name)) continue;
    if (options.prune) removes.push(removeOf(network));
    else unmanaged.push(network.name);
  }
  const changes: FleetAction[] = [];
  const creates: FleetAction[] = [];
  const unchanged: string[] = [];
  for (const to of desired) {
    const existing = byName.get(to.name);
    if (!existing) creates.push({ kind: 'create', name: to.name, to });
    else {
      const change = changeOf(existing, to, inPlace);
      if (change) changes.push(change);
      else unchanged.push(to.name);
    }
  }
  return { host, actions: [...removes, ...changes, ...creates], unchanged, unmanaged };
}

/** Plans every host of `desired`; a host missing from `current` is planned as empty. */
export function planFleet(
  desired: ReadonlyMap<string, readonly NetworkSpec[]>,
  current: ReadonlyMap<string, readonly CurrentNetwork[]>,
  options: PlanOptions = {},
): HostPlan[] {
  return [...desired].map(([host, specs]) =>
    planHost(host, specs, current.get(host) ?? [], options),
  );
}

/** Counts over a fleet's plans, for the summary line and the exit code. */
export function planCounts(plans: readonly HostPlan[]) {
  const actions = plans.flatMap((p) => p.actions);
  const count = (kind: FleetAction['kind']): number =>
    actions.filter((a) => a.kind === kind).length;
  return {
    create: count('create'),
    change: count('change'),
    remove: count('remove'),
    blocked: actions.filter((a) => a.kind !== 'create' && a.blocked).length,
    unchanged: plans.reduce((n, p) => n + p.unchanged.length, 0),
    hostsWithChanges: plans.filter((p) => p.actions.length).length,
  };
}

import {
  DomainError,
  Ipam,
  linksCreatedBy,
  planShimAdd,
  shimOf,
  wantsHostShim,
  type HostShim,
  planNetworkCreate,
  resolveNetworkCreate,
  validateNetworkCreate,
  type HostSnapshot,
  type Issue,
  type Network,
  type PlanStep,
} from '@underlay/core';
import { listOwnedLinks, retainOwnedLink, saveNetwork, saveShim } from '../store';
import { execute, operate, type ServiceDeps } from './deps';
import { newId, nowIso } from './ids';
import { undoUnlessRecorded } from './journal';
import { takeSnapshot } from './snapshot';

// `network create` and its dry run. Order: validate, plan, IPAM pools, kernel,
// then the record; a failure at any point undoes what came before it.

/** A dry run: the issues, and when there are no errors the network and the steps a create would run. */
export interface NetworkPlanResult {
  ok: boolean;
  issues: Issue[];
  network: Network | null;
  steps: PlanStep[];
}

/** What `network plan` shows: nothing changes. */
export async function planCreate(deps: ServiceDeps, input: unknown): Promise<NetworkPlanResult> {
  const snapshot = await takeSnapshot(deps);
  const issues = validateNetworkCreate(input, snapshot);
  if (issues.some((i) => i.severity === 'error'))
    return { ok: false, issues, network: null, steps: [] };
  try {
    const { network, warnings } = resolveNetworkCreate(input, snapshot, {
      id: newId(),
      now: nowIso(),
    });
    const plan = planNetworkCreate({ network, snapshot });
    // The shim's address is the first free one of a new network: a scratch IPAM gives the same without holding it.
    const scratch = new Ipam();
    scratch.addNetwork(network);
    const shim = shimPlan(network, snapshot, scratch);
    const steps = [...plan.steps, ...(shim?.steps ?? [])];
    return { ok: true, issues: [...warnings, ...plan.warnings], network, steps };
  } catch (err) {
    if (err instanceof DomainError)
      return { ok: false, issues: err.issues, network: null, steps: [] };
    throw err;
  }
}

/** The parent links this network shares with networks that already own them (their reference count grows). */
function sharedOwnedParent(network: Network, snapshot: HostSnapshot): boolean {
  return (
    network.parentKind !== 'existing' && snapshot.ownedLinks.some((o) => o.name === network.parent)
  );
}

/** The host shim's share for a network that asks for one: its addresses (taken from `ipam`) and the steps. */
function shimPlan(
  network: Network,
  snapshot: HostSnapshot,
  ipam: Ipam,
): { shim: HostShim; steps: PlanStep[] } | null {
  if (!wantsHostShim(network.options)) return null;
  const shim = shimOf(network, ipam.allocateEndpoint({ network: network.id }), nowIso());
  return { shim, steps: planShimAdd({ network, snapshot, shim }).steps };
}

/** Creates a network: parent link when needed, host shim when asked, address pools, record, event. `id` keeps a caller's id (Docker's network id). */
export function createNetwork(
  deps: ServiceDeps,
  input: unknown,
  { id }: { id?: string } = {},
): Promise<{ network: Network; warnings: Issue[]; steps: PlanStep[] }> {
  return operate(deps, 'networks.create', () => createNetworkNow(deps, input, { id }));
}

/** Records the network, its shim and the parent links it owns (made now, or shared with another network), in one transaction. */
function recordCreated(
  deps: ServiceDeps,
  created: { network: Network; snapshot: HostSnapshot; shim: HostShim | undefined; made: string[] },
): void {
  const { network, snapshot, shim, made } = created;
  deps.db.transaction(() => {
    saveNetwork(deps.db, network);
    if (shim) saveShim(deps.db, shim);
    for (const name of made)
      retainOwnedLink(deps.db, {
        name,
        kind: network.parentKind === 'dummy' ? 'dummy' : 'vlan',
        networkId: network.id,
      });
    if (made.length === 0 && sharedOwnedParent(network, snapshot)) {
      const owned = listOwnedLinks(deps.db).find((o) => o.name === network.parent);
      if (owned)
        retainOwnedLink(deps.db, { name: owned.name, kind: owned.kind, networkId: network.id });
    }
  })();
}

/** The create itself, for callers already in the queue (a CNI ADD with inline options). */
export async function createNetworkNow(
  deps: ServiceDeps,
  input: unknown,
  { id }: { id?: string } = {},
): Promise<{ network: Network; warnings: Issue[]; steps: PlanStep[] }> {
  const snapshot = await takeSnapshot(deps);
  const { network, warnings } = resolveNetworkCreate(input, snapshot, {
    id: id ?? newId(),
    now: nowIso(),
  });
  const plan = planNetworkCreate({ network, snapshot });
  deps.ipam.addNetwork(network);
  let shim: ReturnType<typeof shimPlan> = null;
  try {
    shim = shimPlan(network, snapshot, deps.ipam);
    await execute(
      deps,
      [...plan.steps, ...(shim?.steps ?? [])],
      undoUnlessRecorded('networks.create', { network: network.id }),
    );
  } catch (err) {
    deps.ipam.removeNetwork(network.id);
    throw err;
  }
  const made = linksCreatedBy(plan);
  recordCreated(deps, { network, snapshot, shim: shim?.shim, made });
  deps.bus.publish({ type: 'network.created', network });
  deps.log.info({ network: network.name, parent: network.parent, made }, 'network created');
  return {
    network,
    warnings: [...warnings, ...plan.warnings],
    steps: [...plan.steps, ...(shim?.steps ?? [])],
  };
}

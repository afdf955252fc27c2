import type { DriftItem } from '../schemas/drift';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import type { PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { planRestore } from './restore';
import { planRouteRepair } from './route-set';
import { planShimRepair } from './shim-drift';
import { addressesOf, defaultRouteHolder, defaultRoutes } from './routes';
import { step, type Plan } from './types';

/** A repair: kernel steps, endpoints to forget (their namespace is gone), endpoints to connect again. */
export interface RepairPlan extends Plan {
  degraded: string[];
  release: string[];
  reconnect: string[];
}

// An endpoint's old link that turned up elsewhere still holds its address,
// which the reconnect will assign again: delete it first, but only when it is
// an ipvlan link (a link someone renamed or moved is never a NIC of theirs
// that we may delete). Host-side kinds come from the snapshot; a container's
// renamed link is taken as ours, since diffDrift found the endpoint's address on it.
function strayLinkSteps(
  drift: readonly DriftItem[],
  endpoints: readonly Endpoint[],
  snapshot: HostSnapshot,
): PlanStep[] {
  return drift.flatMap((d) => {
    const endpoint = endpoints.find((e) => e.id === d.endpoint);
    if (!endpoint || !d.link) return [];
    if (
      d.kind === 'link-moved' &&
      snapshot.links.find((l) => l.name === d.link)?.kind === 'ipvlan'
    ) {
      return [
        step(
          { op: 'linkDel', name: d.link },
          null,
          `delete ${d.link}, ${endpoint.container}'s old link, found in the host namespace`,
        ),
      ];
    }
    if (d.kind === 'link-renamed')
      return [
        step(
          { op: 'linkDel', netns: endpoint.netns, name: d.link },
          null,
          `delete ${d.link} in ${endpoint.container}: the old link, renamed behind underlay's back`,
        ),
      ];
    return [];
  });
}

/** Host links a list of steps makes. */
const parentsMadeBy = (steps: readonly PlanStep[]): Set<string> =>
  new Set(steps.flatMap(({ op }) => (op.op === 'linkAdd' && !op.netns ? [op.spec.name] : [])));

/** Drift that a patch cannot fix: the endpoint needs a new link. */
const RECONNECT = new Set<DriftItem['kind']>([
  'link-missing',
  'link-moved',
  'link-renamed',
  'link-replaced',
  'mode-changed',
]);

export interface RepairInput {
  drift: readonly DriftItem[];
  networks: readonly Network[];
  endpoints: readonly Endpoint[];
  snapshot: HostSnapshot;
}

// Re-adding an address brings back its connected route, but the kernel
// flushed the default route that went through it, so that is put back too.
function addressSteps(
  endpoint: Endpoint,
  network: Network,
  snapshot: HostSnapshot,
  lost: string | undefined,
): PlanStep[] {
  const { netns, ifname: dev } = endpoint;
  const missing = addressesOf(endpoint).filter(([, address]) => address === lost);
  return missing.flatMap(([family, address]) => {
    const add = step(
      { op: 'addrAdd', netns, dev, address, ...(family === 6 ? { nodad: true } : {}) },
      { op: 'addrDel', netns, dev, address },
      `put back ${address} on ${dev} in ${endpoint.container}`,
    );
    const holder = defaultRouteHolder(snapshot, endpoint.container, family)?.id === endpoint.id;
    const routes = holder
      ? defaultRoutes(network, endpoint, dev, netns).filter((r) => r.family === family)
      : [];
    return [
      add,
      ...routes.map(({ op: _op, ...r }) =>
        step(
          { ...r, op: 'routeReplace' },
          { ...r, op: 'routeDel' },
          `put back the IPv${family} default route on ${dev}`,
        ),
      ),
    ];
  });
}

// Parents: as at start-up (made again when underlay can, else degraded); an
// owned parent that is down is brought up; anyone else's, or one that is no
// longer the VLAN it was, is left alone and stays reported.
// Endpoints whose link is gone or wrong need a new link, which is a connect
// (the agent calls planConnect with a fresh temporary name), not a patch.
/** Steps that bring the kernel back to the records, for the drift found by diffDrift. */
export function planRepair({ drift, networks, endpoints, snapshot }: RepairInput): RepairPlan {
  const state = startRepair(drift, networks, snapshot);
  for (const d of drift) {
    const network = networks.find((n) => n.id === d.network);
    if (!network) continue;
    parentUp(state, d, network);
    const endpoint = endpoints.find((e) => e.id === d.endpoint);
    if (endpoint) endpointRepair(state, d, endpoint, network);
  }
  // Links up before addresses: a route through a link that is down is refused.
  // Strays go last: deleting them cannot be undone.
  // Shims after parents (a shim hangs off its parent).
  const { plan } = state;
  plan.steps.push(
    ...planShimRepair(drift, networks, snapshot, parentsMadeBy(plan.steps)),
    ...planRouteRepair(drift, snapshot),
    ...state.addresses,
    ...strayLinkSteps(drift, endpoints, snapshot),
  );
  return plan;
}

// What the walk over the drift items builds, and the sets it decides by.
interface RepairState {
  plan: RepairPlan;
  snapshot: HostSnapshot;
  /** endpoints that get a new link (no patching of the old one) */
  replaced: Set<string>;
  /** networks whose parent is no longer what underlay made */
  changed: Set<string>;
  /** parents already brought up */
  upDone: Set<string>;
  /** address steps, run after every link is up */
  addresses: PlanStep[];
}

// Parents that are missing are restored first, as at start-up.
function startRepair(
  drift: readonly DriftItem[],
  networks: readonly Network[],
  snapshot: HostSnapshot,
): RepairState {
  const missing = new Set(drift.filter((d) => d.kind === 'parent-missing').map((d) => d.network));
  const plan: RepairPlan = {
    ...planRestore({ networks: networks.filter((n) => missing.has(n.id)), snapshot }),
    release: [],
    reconnect: [],
  };
  const replaced = new Set(
    drift.filter((d) => RECONNECT.has(d.kind) && d.endpoint).map((d) => d.endpoint!),
  );
  const changed = new Set(drift.filter((d) => d.kind === 'parent-changed').map((d) => d.network));
  return { plan, snapshot, replaced, changed, upDone: new Set(), addresses: [] };
}

// An owned parent that is down (and still the link underlay made) is brought up once.
function parentUp(state: RepairState, d: DriftItem, network: Network): void {
  if (
    d.kind !== 'parent-down' ||
    state.changed.has(network.id) ||
    !state.snapshot.ownedLinks.some((o) => o.name === network.parent) ||
    state.upDone.has(network.parent)
  )
    return;
  state.upDone.add(network.parent);
  state.plan.steps.push(
    step(
      { op: 'linkSetUp', name: network.parent },
      { op: 'linkSetDown', name: network.parent },
      `bring ${network.parent} back up (underlay made it)`,
    ),
  );
}

// Release, reconnect, or patch (link up, addresses back) one endpoint's drift.
function endpointRepair(
  state: RepairState,
  d: DriftItem,
  endpoint: Endpoint,
  network: Network,
): void {
  const { plan } = state;
  if (d.kind === 'netns-missing') plan.release.push(endpoint.id);
  if (RECONNECT.has(d.kind) && !plan.reconnect.includes(endpoint.id))
    plan.reconnect.push(endpoint.id);
  if (state.replaced.has(endpoint.id)) return;
  if (d.kind === 'link-down')
    plan.steps.push(
      step(
        { op: 'linkSetUp', netns: endpoint.netns, name: endpoint.ifname },
        { op: 'linkSetDown', netns: endpoint.netns, name: endpoint.ifname },
        `bring ${endpoint.ifname} in ${endpoint.container} back up`,
      ),
    );
  if (d.kind === 'address-missing')
    state.addresses.push(...addressSteps(endpoint, network, state.snapshot, d.address));
}

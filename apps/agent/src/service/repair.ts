import {
  diffDrift,
  planRepair,
  planRestore,
  type ContainerSnapshot,
  type DriftItem,
  type Endpoint,
  type Network,
  type PlanStep,
} from '@underlay/core';
import { saveNetwork } from '../store';
import { connectNow, forgetEndpoint } from './connect';
import { execute, operate, type ServiceDeps } from './deps';
import { finishForgetting } from './journal';
import { recordsOf, takeSnapshot } from './snapshot';

// Drift (records vs kernel, like CNI's CHECK) and its repair; the restore of
// missing parents that start-up and link events share.

/**
 * How a background read gives way to operations (the reads share one forker with every connect, and a lab guest
 * has one CPU): it waits for a quiet spell before each namespace, and the read in flight is stopped when an
 * operation is queued, then tried again after the next quiet spell.
 */
export interface GiveWay {
  /** Resolves when no operation has run for a while; rejects when the agent stops. */
  quiet(): Promise<void>;
  /** A signal that aborts when an operation is queued (at once if one is waiting); `release` stops watching. */
  untilBusy(): { signal: AbortSignal; release(): void };
}

/**
 * What each container's namespace holds now; absent namespaces are marked, not read. With `giveWay`, one
 * namespace at a time, out of operations' way (see GiveWay); without, all at once.
 */
async function containerSnapshots(
  deps: ServiceDeps,
  endpoints: Endpoint[],
  giveWay?: GiveWay,
): Promise<ContainerSnapshot[]> {
  const present = new Set(await deps.kernel.netnsList());
  const byContainer = new Map(endpoints.map((e) => [e.container, e.netns]));
  const read = async (
    [container, netns]: [string, string],
    signal?: AbortSignal,
  ): Promise<ContainerSnapshot> => {
    if (!present.has(netns)) return { container, netns, present: false, links: [], addresses: [] };
    const state = await deps.kernel.namespaceState(netns, signal).catch((err: unknown) => {
      if (signal?.aborted) throw err; // stopped for an operation: not an answer about the namespace
      return null;
    });
    return state
      ? { container, netns, present: true, ...state }
      : { container, netns, present: false, links: [], addresses: [] };
  };
  if (!giveWay) return Promise.all([...byContainer].map((entry) => read(entry)));
  const out: ContainerSnapshot[] = [];
  for (const entry of byContainer) {
    for (;;) {
      await giveWay.quiet();
      const busy = giveWay.untilBusy();
      try {
        out.push(await read(entry, busy.signal));
        break;
      } catch (err) {
        if (!busy.signal.aborted) throw err;
      } finally {
        busy.release();
      }
    }
  }
  return out;
}

/** What a drift read covers and how it shares the host. */
export interface DriftRead {
  /** Read only these endpoints' namespaces (endpoint ids); the others count as clean. Network parents are always checked (host links only). */
  endpoints?: ReadonlySet<string>;
  /** A background read: see GiveWay. */
  giveWay?: GiveWay;
}

/** Differences between the records and the kernel (read-only). */
export async function driftReport(
  deps: ServiceDeps,
  { endpoints: only, giveWay }: DriftRead = {},
): Promise<DriftItem[]> {
  await giveWay?.quiet();
  // A drift check looks for what changed outside the agent: the host link
  // cache may not have heard of it yet (a link deleted by hand a moment ago,
  // its netlink event still on its way), so the host is read afresh.
  deps.links.invalidate();
  const snapshot = await takeSnapshot(deps, { routes: true });
  const endpoints = only ? snapshot.endpoints.filter((e) => only.has(e.id)) : snapshot.endpoints;
  return diffDrift({
    networks: snapshot.networks,
    endpoints,
    snapshot,
    containerSnapshots: await containerSnapshots(deps, endpoints, giveWay),
  });
}

/** The endpoints some drift items are about: a later check of just those tells whether they still hold. */
export const suspectsOf = (...lists: DriftItem[][]): Set<string> =>
  new Set(lists.flat().flatMap((d) => (d.endpoint ? [d.endpoint] : [])));

/**
 * Runs a drift check (all namespaces, or only `endpoints` when what the others hold is known to be clean), keeps it
 * for host.snapshot, and announces a change: `drift.found` with the items, `drift.cleared` when none is left.
 */
export async function checkDrift(
  deps: ServiceDeps,
  endpoints?: ReadonlySet<string>,
): Promise<DriftItem[]> {
  const drift = await driftReport(deps, endpoints ? { endpoints } : {});
  if (!deps.drift.record(drift)) return drift;
  if (drift.length) {
    deps.bus.publish({
      type: 'drift.found',
      items: drift.map((d) => ({
        network: d.network,
        link: d.endpoint ?? '',
        problem: `${d.kind}: ${d.detail}`,
      })),
    });
    deps.log.warn(
      { drift: drift.map((d) => d.detail) },
      'drift found: run networks.repair to fix it',
    );
  } else {
    deps.bus.publish({ type: 'drift.cleared' });
  }
  return drift;
}

/** Saves each network's status (degraded when listed), announcing changes. */
function markStatus(
  deps: ServiceDeps,
  networks: Network[],
  degraded: ReadonlySet<string>,
  reason: string,
): void {
  for (const network of networks) {
    const status = degraded.has(network.id) ? 'degraded' : 'ok';
    if (network.status === status) continue;
    saveNetwork(deps.db, { ...network, status });
    if (status === 'degraded')
      deps.bus.publish({
        type: 'network.degraded',
        networkId: network.id,
        name: network.name,
        reason,
      });
    else deps.bus.publish({ type: 'network.restored', networkId: network.id, name: network.name });
  }
}

/** Re-creates missing VLAN and dummy parents; networks whose plain parent is missing are marked degraded. Call inside the queue. */
export async function restoreParentsNow(
  deps: ServiceDeps,
): Promise<{ degraded: string[]; restored: number }> {
  const snapshot = await takeSnapshot(deps);
  const plan = planRestore({ networks: snapshot.networks, snapshot });
  let degraded = new Set(plan.degraded);
  try {
    await execute(deps, plan.steps);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'restoring parents failed');
    degraded = new Set(
      snapshot.networks
        .filter((n) => !snapshot.links.some((l) => l.name === n.parent))
        .map((n) => n.id),
    );
  }
  for (const w of plan.warnings) deps.log.warn({ code: w.code }, w.message);
  markStatus(deps, snapshot.networks, degraded, 'parent link missing');
  return {
    degraded: [...degraded],
    restored: plan.steps.filter((s) => s.op.op === 'linkAdd').length,
  };
}

/** Frees endpoints (and forgets containers) whose namespace is gone. Call inside the queue. */
export async function releaseVanishedNow(deps: ServiceDeps): Promise<Endpoint[]> {
  const present = new Set(await deps.kernel.netnsList());
  const { endpoints } = recordsOf(deps);
  const gone = endpoints.filter((e) => !present.has(e.netns));
  for (const endpoint of gone) {
    forgetEndpoint(deps, endpoint);
    deps.bus.publish({
      type: 'endpoint.released',
      endpoint,
      reason: `namespace ${endpoint.netns} is gone`,
    });
  }
  return gone;
}

/**
 * Before a drifted endpoint is connected again: what is left at its link's name goes, as a plan step (a delete has
 * no inverse, as in a disconnect) whose failure is reported, then its record and addresses. Journaled like a
 * disconnect, so a crash in between finishes it.
 */
async function dropForReconnect(deps: ServiceDeps, endpoint: Endpoint): Promise<void> {
  const { netns, ifname, container } = endpoint;
  const there = (await deps.kernel.containerLinks(netns)).includes(ifname);
  const steps: PlanStep[] = there
    ? [
        {
          op: { op: 'linkDel', netns, name: ifname },
          inverse: null,
          why: `delete ${ifname} in ${container}, which drifted, before connecting it again`,
        },
      ]
    : [];
  const gone = { endpoint: { network: endpoint.networkId, container } };
  await execute(deps, steps, finishForgetting('networks.repair', gone));
  forgetEndpoint(deps, endpoint);
}

/** Brings the kernel back to the records: parents, links, addresses; endpoints in vanished namespaces are freed. */
export function repair(deps: ServiceDeps) {
  return operate(deps, 'networks.repair', async () => {
    const drift = await driftReport(deps);
    const snapshot = await takeSnapshot(deps, { routes: true });
    const plan = planRepair({
      drift,
      networks: snapshot.networks,
      endpoints: snapshot.endpoints,
      snapshot,
    });
    await execute(deps, plan.steps);
    markStatus(deps, snapshot.networks, new Set(plan.degraded), 'parent link missing');
    const released = snapshot.endpoints.filter((e) => plan.release.includes(e.id));
    for (const endpoint of released) {
      forgetEndpoint(deps, endpoint);
      deps.bus.publish({ type: 'endpoint.released', endpoint, reason: 'namespace gone' });
    }
    const reconnected: string[] = [];
    for (const endpoint of snapshot.endpoints.filter((e) => plan.reconnect.includes(e.id))) {
      await dropForReconnect(deps, endpoint);
      const network = snapshot.networks.find((n) => n.id === endpoint.networkId);
      if (!network) continue;
      await connectNow(deps, {
        network: network.id,
        container: endpoint.container,
        ipv4Address: endpoint.ipv4Address?.split('/')[0],
        ipv6Address: endpoint.ipv6Address?.split('/')[0],
      });
      reconnected.push(endpoint.container);
    }
    // What is left, for the dashboard's marks: only the namespaces that drifted (the rest was clean a moment ago, in this job).
    await checkDrift(deps, suspectsOf(drift));
    return {
      drift,
      steps: plan.steps,
      released: released.map((e) => e.container),
      reconnected,
      degraded: plan.degraded,
    };
  });
}

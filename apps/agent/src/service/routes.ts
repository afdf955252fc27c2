import {
  planRouteRepair,
  planRouteSet,
  routeDrift,
  RouteSetSchema,
  type HostSnapshot,
  type InstalledRoute,
  type RouteList,
} from '@underlay/core';
import { listInstalledRoutes, replaceInstalledRoutes } from '../store';
import { execute, operate, type ServiceDeps } from './deps';
import { nowIso } from './ids';
import { readRoutes, takeSnapshot } from './snapshot';

// Distributed routes (route distribution between hosts): whoever computes the
// fleet's routes (the hub; the fleet store once there is one) sends this host
// its whole set; the agent installs the difference through a plan (rolled
// back on failure), records the set, reports lost routes as drift and puts
// them back (repair, start-up). Routes stay in the kernel across an agent
// restart, and the records say they are underlay's.

/** What `route ls` shows: each installed route, and whether the kernel has it now. */
function listing(
  installed: readonly InstalledRoute[],
  routes: HostSnapshot['routes'],
  added = 0,
  removed = 0,
): RouteList {
  return {
    routes: installed.map((r) => ({
      ...r,
      present: (routes ?? []).some(
        (k) => k.family === r.family && k.dst === r.dst && k.via === r.via,
      ),
    })),
    added,
    removed,
  };
}

/** Route operations. */
export function routeService(deps: ServiceDeps) {
  return {
    /** Installs the desired set, withdrawing what is no longer in it; refuses a conflicting set whole. */
    set(input: unknown): Promise<RouteList> {
      return operate(deps, 'routes.set', async () => {
        const { routes: desired, source } = RouteSetSchema.parse(input);
        const snapshot = { ...(await takeSnapshot(deps)), ...(await readRoutes(deps)) };
        const { plan, installed } = planRouteSet({ desired, snapshot });
        await execute(deps, plan.steps);
        const before = snapshot.installedRoutes ?? [];
        const now = nowIso();
        const records = installed.map((r) => ({
          ...r,
          source,
          installed: before.find((b) => b.dst === r.dst && b.via === r.via)?.installed ?? now,
        }));
        replaceInstalledRoutes(deps.db, records);
        const added = plan.steps.filter((s) => s.op.op === 'routeReplace').length;
        const removed = plan.steps.length - added;
        if (plan.steps.length)
          deps.log.info({ added, removed, source }, 'distributed routes changed');
        return listing(records, (await readRoutes(deps)).routes, added, removed);
      });
    },
    /** `route ls`. */
    async list(): Promise<RouteList> {
      return listing(listInstalledRoutes(deps.db), (await readRoutes(deps)).routes);
    },
  };
}

/** Puts back distributed routes the kernel lost (a reboot, a hand); returns how many. Call inside the queue. */
export async function restoreRoutesNow(deps: ServiceDeps): Promise<number> {
  const snapshot = await takeSnapshot(deps, { routes: true });
  const steps = planRouteRepair(routeDrift(snapshot), snapshot);
  try {
    await execute(deps, steps);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'restoring distributed routes failed');
    return 0;
  }
  return steps.length;
}

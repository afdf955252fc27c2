import { HostSnapshotSchema, type HostSnapshot, type HostView } from '@underlay/core';
import type { Db } from '../db';
import { fetchSnapshot } from './host-snapshot';
import type { Hub } from './hub';
import { listHosts } from './registry';
import { createRoutePusher, type RouteSource } from './route-distribution';
import { createRouteReconciler } from './route-reconciler';

// The hub's route distribution, wired: the reconciler decides when, the
// pusher what (from the fleet read fresh through the hub). Problems (an
// overlap between hosts, an agent refusing a conflicting route) are kept for
// the status line and logged.

// Distribution needs each host's addresses (its underlay address), which the
// topology's reads leave out, so it reads its own snapshots. A host that is
// away counts with its last one: the others keep their routes to it. (A host
// the hub has never seen since it started offers nothing until it answers.)
async function readRouteViews(
  db: Db,
  hub: Hub,
  lastKnown: Map<string, HostSnapshot>,
): Promise<HostView[]> {
  return Promise.all(
    listHosts(db).map(async (host): Promise<HostView> => {
      let online = hub.status(host.id).status === 'online';
      try {
        if (online)
          lastKnown.set(
            host.id,
            await fetchSnapshot((path, input) => hub.query(host.id, path, input), {
              addresses: true,
              containerLinks: false,
            }),
          );
      } catch {
        online = false;
      }
      const snapshot = lastKnown.get(host.id) ?? HostSnapshotSchema.parse({ hostname: host.name });
      return { id: host.name, name: host.name, online, snapshot, drift: [] };
    }),
  );
}

export interface RouteDistribution {
  schedule(): void;
  runs(): number;
  idle(): Promise<void>;
  stop(): void;
  /** What the last run sent and what it could not. */
  last(): { pushed: string[]; problems: string[] } | null;
}

/** Starts redistributing routes on the hub's events (debounced). */
export function startRouteDistribution(
  db: Db,
  hub: Hub,
  opts: { debounceMs?: number; source?: RouteSource; log?: (line: string) => void } = {},
): RouteDistribution {
  const push = createRoutePusher(hub, opts.source);
  const lastKnown = new Map<string, HostSnapshot>();
  let last: { pushed: string[]; problems: string[] } | null = null;
  const reconciler = createRouteReconciler({
    feed: hub.feed,
    forget: push.forget,
    ...(opts.debounceMs !== undefined ? { debounceMs: opts.debounceMs } : {}),
    reconcile: async () => {
      const views = await readRouteViews(db, hub, lastKnown);
      const ids = new Map(listHosts(db).map((h) => [h.name, h.id]));
      last = await push(views, (name) => ids.get(name));
      for (const problem of last.problems) opts.log?.(`route distribution: ${problem}`);
    },
    onError: (err) => opts.log?.(`route distribution failed: ${(err as Error).message}`),
  });
  return { ...reconciler, last: () => last };
}

import { distributeRoutes, l3HostOf, type DistributedRoute, type HostView } from '@underlay/core';

// Route distribution, the hub's part: the hub already holds every agent's
// snapshot, so it computes the fleet's routes (core's distributeRoutes over
// the networks labelled underlay.routes=share) and sends each online host its
// whole set through routes.set. A host that is away keeps its last routes
// (the agent does) and gets its set again when it is back. The seam for the
// fleet store: `RouteSource` — a store-backed source replaces `hubRouteSource`
// and the pushing stays as it is.

/** Where the fleet's desired routes come from. */
export interface RouteSource {
  desired(views: readonly HostView[]): {
    routes: Record<string, DistributedRoute[]>;
    problems: string[];
  };
}

/** Today's source: computed by the hub from the snapshots it holds. */
export const hubRouteSource: RouteSource = {
  desired(views) {
    const { routes, issues } = distributeRoutes(views.map((v) => l3HostOf(v.name, v.snapshot)));
    return { routes, problems: issues.map((i) => i.message) };
  },
};

/** What the pusher needs of the hub: a mutation on a host's agent. */
export interface RouteHub {
  mutate(id: string, path: string, input?: unknown): Promise<unknown>;
}

/** Sends changed route sets; remembers what each host was last sent (forgotten while it is offline). */
export function createRoutePusher(hub: RouteHub, source: RouteSource = hubRouteSource) {
  const sent = new Map<string, string>();
  const push = async function push(
    views: readonly HostView[],
    idOf: (name: string) => string | undefined,
  ): Promise<{ pushed: string[]; problems: string[] }> {
    const { routes, problems } = source.desired(views);
    const pushed: string[] = [];
    for (const view of views) {
      const id = idOf(view.name);
      if (!id || !view.online) {
        if (id) sent.delete(id);
        continue;
      }
      const set = routes[view.name] ?? [];
      const text = JSON.stringify(set);
      // Each host gets its set once per change (an empty one too: that withdraws what it had).
      if (sent.get(id) === text) continue;
      // Nothing to send and nothing to withdraw (a fleet without shared routes, at every hub start):
      // a call would only cost a round trip per host and drop its cached snapshot.
      if (set.length === 0 && view.snapshot.installedRoutes?.length === 0) {
        sent.set(id, text);
        continue;
      }
      try {
        await hub.mutate(id, 'routes.set', { routes: set, source: 'hub' });
        sent.set(id, text);
        pushed.push(view.name);
      } catch (err) {
        problems.push(`${view.name}: ${(err as Error).message}`);
      }
    }
    return { pushed, problems };
  };
  // A host that went away gets its whole set again when it is back, even if nothing changed.
  return Object.assign(push, { forget: (id: string) => void sent.delete(id) });
}

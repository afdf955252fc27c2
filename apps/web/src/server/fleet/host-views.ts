import type { HostSnapshot, HostView } from '@underlay/core';
import type { Db } from '../db';
import { fetchSnapshot } from './host-snapshot';
import type { Hub } from './hub';
import { createRefreshGate } from './refresh-gate';
import { listHosts } from './registry';
import { createRoutePusher } from './route-distribution';

// The last snapshot of every host, so an offline host is still drawn (greyed)
// with what it had when it went away.
const lastKnown = new Map<string, HostSnapshot>();

// Refreshes asked for together (an event burst, several tabs) share one host.snapshot per host.
const refreshes = createRefreshGate<string, HostSnapshot>();

const EMPTY = {
  links: [],
  addresses: [],
  networks: [],
  endpoints: [],
  containers: [],
  containerLinks: [],
  ownedLinks: [],
};

// One pusher per hub: it remembers what each host was last sent.
const pushers = new WeakMap<Hub, ReturnType<typeof createRoutePusher>>();

/** Sends each host its distributed routes computed from these views (only what changed); errors are the caller's to log. */
export function distributeFleetRoutes(db: Db, hub: Hub, views: HostView[]) {
  const push = pushers.get(hub) ?? createRoutePusher(hub);
  pushers.set(hub, push);
  const ids = new Map(listHosts(db).map((h) => [h.name, h.id]));
  return push(views, (name) => ids.get(name));
}

/** The fleet as core's HostView[] (id = host name), read fresh from every online agent: one call per host. */
export async function collectHostViews(db: Db, hub: Hub): Promise<HostView[]> {
  const views = await readHostViews(db, hub);
  // Every fresh read of the fleet is a chance to reconcile its routes (a host back online gets its set).
  void distributeFleetRoutes(db, hub, views).catch(() => undefined);
  return views;
}

async function readHostViews(db: Db, hub: Hub): Promise<HostView[]> {
  return Promise.all(
    listHosts(db).map(async (host): Promise<HostView> => {
      let online = hub.status(host.id).status === 'online';
      try {
        if (online)
          lastKnown.set(
            host.id,
            await refreshes(host.id, () =>
              fetchSnapshot((path, input) => hub.query(host.id, path, input)),
            ),
          );
      } catch {
        online = false;
      }
      const snapshot = lastKnown.get(host.id) ?? { hostname: host.name, ...EMPTY };
      // The agent's last drift check: the topology marks those networks and containers.
      return { id: host.name, name: host.name, online, snapshot, drift: snapshot.drift ?? [] };
    }),
  );
}

import type { HostView } from '@underlay/core';
import type { Db } from '../db';
import type { Hub } from './hub';
import { listHosts } from './registry';

const EMPTY = {
  links: [],
  addresses: [],
  networks: [],
  endpoints: [],
  containers: [],
  containerLinks: [],
  ownedLinks: [],
};

/** Most readers want the cache (the topology on every event); one reader (the matrix) wants every host now. */
export interface CollectOptions {
  /** Ask every online agent even when its cached snapshot is valid (a matrix run predicts from what is there now). */
  fresh?: boolean;
}

// Reading the fleet sends nothing: routes are redistributed on events
// (route-service.ts), not on every topology refresh.
/**
 * The fleet as core's HostView[] (id = host name): an online host whose snapshot the hub holds (no event since)
 * is answered from it, the others are asked in parallel; an offline host is drawn with its last snapshot.
 */
export async function collectHostViews(
  db: Db,
  hub: Hub,
  { fresh = false }: CollectOptions = {},
): Promise<HostView[]> {
  return Promise.all(
    listHosts(db).map(async (host): Promise<HostView> => {
      let online = hub.status(host.id).status === 'online';
      try {
        if (online) await hub.readSnapshot(host.id, { fresh });
      } catch {
        online = false;
      }
      const snapshot = hub.snapshots.last(host.id) ?? { hostname: host.name, ...EMPTY };
      // The agent's last drift check: the topology marks those networks and containers.
      return { id: host.name, name: host.name, online, snapshot, drift: snapshot.drift ?? [] };
    }),
  );
}

import type { HostSnapshot, HostView } from '@underlay/core';
import type { Db } from '../db';
import { collectSnapshot } from './host-snapshot';
import type { Hub } from './hub';
import { listHosts } from './registry';

// The last snapshot of every host, so an offline host is still drawn (greyed)
// with what it had when it went away.
const lastKnown = new Map<string, HostSnapshot>();

const EMPTY = { links: [], addresses: [], networks: [], endpoints: [], containers: [], containerLinks: [], ownedLinks: [] };

/** The fleet as core's HostView[] (id = host name), read fresh from every online agent. */
export async function collectHostViews(db: Db, hub: Hub): Promise<HostView[]> {
  return Promise.all(
    listHosts(db).map(async (host): Promise<HostView> => {
      const status = hub.status(host.id);
      let online = status.status === 'online';
      try {
        if (online) lastKnown.set(host.id, await collectSnapshot((path, input) => hub.query(host.id, path, input), status.info));
      } catch {
        online = false;
      }
      const snapshot = lastKnown.get(host.id) ?? { hostname: host.name, ...EMPTY };
      return { id: host.name, name: host.name, online, snapshot };
    }),
  );
}

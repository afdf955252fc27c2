import type { HostSnapshot, HostView } from '@underlay/core';
import type { Db } from '../db';
import { fetchSnapshot } from './host-snapshot';
import type { Hub } from './hub';
import { createRefreshGate } from './refresh-gate';
import { listHosts } from './registry';

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

// Reading the fleet sends nothing: routes are redistributed on events
// (route-service.ts), not on every topology refresh.
/** The fleet as core's HostView[] (id = host name), read fresh from every online agent: one call per host. */
export async function collectHostViews(db: Db, hub: Hub): Promise<HostView[]> {
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

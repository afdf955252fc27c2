import type { HostSnapshot, HostView } from '@underlay/core';
import { collectSnapshot } from '../../fleet/host-snapshot';
import { listHosts } from '../../fleet/registry';
import { createTRPCRouter, protectedProcedure } from '../trpc';

// The last snapshot of every host, so an offline host is still drawn (greyed)
// with what it had when it went away.
const lastKnown = new Map<string, HostSnapshot>();

/** `topology`: the fleet as core's HostView[]; the browser builds and lays out the graph. */
export const topologyRouter = createTRPCRouter({
  hosts: protectedProcedure.query(async ({ ctx }): Promise<HostView[]> => {
    const { db, hub } = ctx.services;
    return Promise.all(
      listHosts(db).map(async (host): Promise<HostView> => {
        const status = hub.status(host.id);
        let online = status.status === 'online';
        try {
          if (online) lastKnown.set(host.id, await collectSnapshot((path, input) => hub.query(host.id, path, input), status.info));
        } catch {
          online = false;
        }
        const snapshot = lastKnown.get(host.id) ?? { hostname: host.name, links: [], addresses: [], networks: [], endpoints: [], containers: [], containerLinks: [], ownedLinks: [] };
        return { id: host.name, name: host.name, online, snapshot };
      }),
    );
  }),
});

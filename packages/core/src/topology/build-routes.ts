import type { InstalledRoute } from '../schemas/routes';
import type { GraphBuilder } from './graph-builder';
import { topoId } from './ids';
import type { HostView, TopoEdge } from './types';

// Distributed L3 routes drawn as edges: from the host that holds the route
// (as its agent reports it in host.snapshot's installedRoutes) to the subnet
// it leads to on the origin host. An edge is drawn only when both ends are in
// the graph (the origin host, network and subnet as the fleet knows them);
// the fleet-wide subnet view has no host nodes, so it draws none.

/** The origin host of a route, matched by name (what the hub sends) or id. */
const originOf = (hosts: readonly HostView[], route: InstalledRoute): HostView | undefined =>
  hosts.find((h) => h.name === route.origin.host) ?? hosts.find((h) => h.id === route.origin.host);

/** One route edge per distributed route whose ends both pass `has` (in route order; ids may repeat). */
export function routeEdges(hosts: readonly HostView[], has: (id: string) => boolean): TopoEdge[] {
  const out: TopoEdge[] = [];
  for (const holder of hosts) {
    const source = topoId.host(holder.id);
    if (!has(source)) continue;
    for (const route of holder.snapshot.installedRoutes ?? []) {
      const origin = originOf(hosts, route);
      const network = origin?.snapshot.networks.find((n) => n.name === route.origin.network);
      if (!origin || !network) continue;
      const target = topoId.subnet(origin.id, network.id, route.dst);
      if (!has(target)) continue;
      const missing = (holder.drift ?? []).some(
        (d) => d.kind === 'route-missing' && d.address === route.dst,
      );
      const data = { dst: route.dst, via: route.via, ...(missing ? { missing } : {}) };
      out.push({ id: topoId.edge(source, target), kind: 'route', source, target, data });
    }
  }
  return out;
}

/** Adds one route edge per distributed route whose ends are both drawn. */
export function addRouteEdges(b: GraphBuilder, hosts: readonly HostView[]): void {
  for (const e of routeEdges(hosts, (id) => b.get(id) !== undefined))
    b.edge('route', e.source, e.target, e.data);
}

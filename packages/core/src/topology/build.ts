import { hostsInOrder } from './attachment';
import { addHostTree } from './build-hosts';
import { addRouteEdges } from './build-routes';
import { addSubnetView } from './build-subnets';
import { GraphBuilder } from './graph-builder';
import type { HostView, TopoView, Topology } from './types';

// Pure and deterministic: hosts are taken in id order and everything inside
// in name or creation order, so two builds of one state are equal and ids
// never depend on the order the agents answered in.
/** The graph the dashboard draws, for one of its three views (default: by VLAN). */
export function buildTopology(
  hosts: readonly HostView[],
  opts: { view?: TopoView } = {},
): Topology {
  const view = opts.view ?? 'vlan';
  const b = new GraphBuilder();
  const ordered = hostsInOrder(hosts);
  if (view === 'subnet') addSubnetView(b, ordered);
  else for (const host of ordered) addHostTree(b, host, view === 'vlan');
  addRouteEdges(b, ordered);
  return b.build();
}

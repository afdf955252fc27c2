import {
  expandFleet,
  hostTree,
  topoId,
  type FleetLayout,
  type HostView,
  type TopoNode,
  type Topology,
} from '@underlay/core';
import type { ElementDefinition } from 'cytoscape';
import { nodeElement, type Position } from './elements';
import { bareTrees, hostsById, stacksOf, type Folds } from './fold-state';

// The lazy path of a large fleet (issue 19, docs/perf.md): core lays the
// fleet out from each host's shape (layoutFleet) and builds a host's tree
// only when it unfolds (expandFleet). What the dashboard holds is then a
// partial graph: every host node and segment, and the trees of the hosts
// unfolded so far (`open`), each node where the full layout puts it. What
// needs more than that asks core: a host's box (its extent), its counts, a
// node's details (its host's tree), the List (every tree).

/** A fleet laid out lazily, and the hosts whose trees are built (grows as hosts unfold, kept across live updates). */
export interface LazyGraph {
  fleet: FleetLayout;
  open: Set<string>;
}

/** The partial graph: host nodes, segments and the open hosts' trees, placed. */
export const lazyTopology = (
  lazy: LazyGraph,
): { topology: Topology; positions: Record<string, Position> } =>
  lazy.open.size === 0
    ? { topology: lazy.fleet.topology, positions: lazy.fleet.positions }
    : expandFleet(lazy.fleet, lazy.open);

/** Points whose bounding box is the full layout's (host extents and segments): what a fit of the whole graph sees. */
export function lazyFitPoints(fleet: FleetLayout): Record<string, Position> {
  const points: Record<string, Position> = { ...fleet.positions };
  for (const [host, e] of fleet.extents) {
    points[`a:${host}`] = { x: e.x1, y: e.y1 };
    points[`b:${host}`] = { x: e.x2, y: e.y2 };
  }
  return points;
}

/** A whole-fleet draw with every host folded: host nodes and segments (the boxes and marks come with the folds). */
export function lazyNodeElements(lazy: LazyGraph, offline: Set<string>): ElementDefinition[] {
  return lazy.fleet.topology.nodes.map((n) => nodeElement(n, lazy.fleet.positions[n.id], offline));
}

/** Builds the trees of `hosts` into the folds' graph: the new partial graph, and their stacks folded, their tree edges kept back (bare). */
export function expandLazy(folds: Folds, hosts: ReadonlySet<string>, lazy: LazyGraph): void {
  for (const h of hosts) lazy.open.add(h);
  const next = expandFleet(lazy.fleet, lazy.open);
  folds.topology = next.topology;
  folds.positions = next.positions;
  const hostOf = hostsById(next.topology);
  for (const owner of stacksOf(next.topology).keys())
    if (hosts.has(hostOf.get(owner) ?? '')) folds.owners.add(owner);
  for (const [h, tree] of bareTrees(next.topology, next.positions, hosts, lazy.fleet.extents))
    folds.bareHosts.set(h, tree);
}

/** A node of the full graph and how many links it has, building at most its host's tree. */
export function lazyNode(
  lazy: LazyGraph,
  id: string,
): { node: TopoNode; links: number } | undefined {
  const { fleet } = lazy;
  const host = topoId.hostOf(id);
  if (host === undefined) {
    const node = fleet.topology.nodes.find((n) => n.id === id);
    const links = [...fleet.shapes.values()].reduce(
      (sum, s) => sum + s.trunks.filter((t) => t.segment === id).length,
      0,
    );
    return node && { node, links };
  }
  const tree = hostTree(fleet, host).topology;
  const node = tree.nodes.find((n) => n.id === id);
  if (!node) return undefined;
  // Route edges to or from hosts not built yet are not counted.
  const { edges } = expandFleet(fleet, new Set([...lazy.open, host])).topology;
  return { node, links: edges.filter((e) => e.source === id || e.target === id).length };
}

/** Every host's tree (the List: the whole graph as text, asked for by the user). */
export const lazyFullTopology = (lazy: LazyGraph): Topology =>
  expandFleet(
    lazy.fleet,
    lazy.fleet.hosts.map((h) => h.id),
  ).topology;

// Search must find a container in a folded host without building its tree:
// the names a host's node ids and labels are made of, from its snapshot.
/** Whether any node of `host`'s tree would have an id or label containing `needle` (lower case). */
export function hostMatches(host: HostView, needle: string): boolean {
  const { snapshot } = host;
  const words = [
    topoId.host(host.id),
    host.name,
    ...snapshot.links.flatMap((l) => [l.name, l.vlanId === undefined ? '' : `(VLAN ${l.vlanId})`]),
    ...snapshot.networks.flatMap((n) => [
      n.id,
      n.name,
      n.parent,
      ...n.subnets.map((s) => s.subnet),
    ]),
    ...snapshot.endpoints.map((e) => e.container),
    ...snapshot.containers.map((c) => c.name),
  ];
  if (needle.includes('/') || needle.includes(':'))
    words.push(
      ...words.map((w) => `${host.id}/${w}`),
      ...['parent', 'vlan', 'network', 'subnet', 'container'].map((k) => `${k}:${host.id}/`),
    );
  return words.some((w) => w.toLowerCase().includes(needle));
}

import { hostsInOrder } from './attachment';
import { addHostTree, hostNodeOf } from './build-hosts';
import { routeEdges } from './build-routes';
import { GraphBuilder } from './graph-builder';
import { hostShape, type HostShape } from './host-shape';
import { topoId } from './ids';
import {
  dimsOf,
  placeFloating,
  placeTree,
  rowColumnsFor,
  rowsOf,
  segmentLayerY,
  stackRows,
  type Dims,
  type LayoutOptions,
  type Position,
  type Row,
} from './layout';
import { layersOfKinds, placeColumns, treeOf } from './layout-tree';
import type { HostView, TopoEdge, TopoNode, TopoNodeKind, Topology } from './types';

// The lazy path (issue 19): a fleet's first draw at the whole-fleet zoom
// shows each host as its box and host node, so only those and the segments
// are built and placed, from each host's shape (host-shape.ts); a host's
// tree is built and placed when it unfolds (expandFleet). Every position is
// the one layoutTopology gives the whole graph (test/topology/fleet-layout
// .test.ts checks equality on generated fleets). By VLAN and By host only:
// By subnet has no host trees (its tree is fleet-wide).

/** The extent of a host's node centres (its box before padding). */
export interface Extent {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** A fleet laid out from its hosts' shapes; trees built on demand. */
export interface FleetLayout {
  view: 'vlan' | 'host';
  /** In id order, as drawn. */
  hosts: HostView[];
  shapes: Map<string, HostShape>;
  /** Host and segment nodes: what a whole-fleet draw shows. */
  topology: Topology;
  /** Of the host and segment nodes. */
  positions: Record<string, Position>;
  /** Per host, the extent of its node centres in the full layout. */
  extents: Map<string, Extent>;
  /** Nodes, edges and containers of the full graph. */
  totals: { nodes: number; edges: number; containers: number };
  dims: Dims;
  layers: Map<TopoNodeKind, number>;
  /** Each host's first column and row. */
  places: Map<string, { start: number; row: Row }>;
  /** The segments first met at each host, in build order. */
  segmentsAt: Map<string, TopoNode[]>;
  /** Trees built so far (with their positions), by host id. */
  trees: Map<string, { topology: Topology; positions: Record<string, Position> }>;
}

/** Layer index per kind present, as layersOf gives it for the full graph. */
function layersFrom(shapes: Iterable<HostShape>): Map<TopoNodeKind, number> {
  const kinds = new Set<TopoNodeKind>();
  for (const s of shapes) {
    for (const k of s.kinds) kinds.add(k);
    if (s.trunks.length > 0) kinds.add('segment');
  }
  return layersOfKinds(kinds);
}

/** Columns and rows of every host, as the full layout places them. */
function placeHosts(
  hosts: readonly HostView[],
  shapes: Map<string, HostShape>,
  layerCount: number,
  opts: LayoutOptions,
): Map<string, { start: number; row: Row }> {
  const dims = dimsOf(opts);
  let next = 0;
  const spans = hosts.map((h) => {
    const shape = shapes.get(h.id)!;
    const start = next;
    next += shape.columns;
    return { root: h.id, start, end: next, tallest: shape.tallest };
  });
  const tallest = spans.reduce((t, s) => Math.max(t, s.tallest), 0);
  const rowColumns =
    opts.rowColumns ??
    (opts.aspect
      ? rowColumnsFor(opts.aspect, { total: next, tallest, layerCount }, dims)
      : Infinity);
  const rows = rowsOf(spans, rowColumns);
  stackRows(rows.values(), layerCount, dims);
  return new Map(spans.map((s) => [s.root, { start: s.start, row: rows.get(s.root)! }]));
}

/** A host's extent from its shape: first to last column, host node to the lowest node or container. */
function extentOf(
  shape: HostShape,
  place: { start: number; row: Row },
  fleet: Pick<FleetLayout, 'layers' | 'dims'>,
): Extent {
  const { columnWidth, layerHeight, stackGap } = fleet.dims;
  const { start, row } = place;
  let depth = 0;
  for (const k of shape.kinds)
    if (k !== 'container') depth = Math.max(depth, fleet.layers.get(k)! * layerHeight);
  if (shape.containers > 0)
    depth = Math.max(
      depth,
      fleet.layers.get('container')! * layerHeight + (shape.tallest - 1) * stackGap,
    );
  return {
    x1: (start - row.start) * columnWidth,
    x2: (start + shape.columns - 1 - row.start) * columnWidth,
    y1: row.y,
    y2: row.y + depth,
  };
}

/** The fleet's segment nodes (hosts spanned, data merged as the build does), and those first met at each host. */
function segmentsOf(hosts: readonly HostView[], shapes: Map<string, HostShape>) {
  const byId = new Map<string, TopoNode>();
  const spans = new Map<string, Set<string>>();
  const at = new Map<string, TopoNode[]>();
  for (const h of hosts) {
    const first: TopoNode[] = [];
    for (const s of shapes.get(h.id)!.segments) {
      const known = byId.get(s.id);
      const { hosts: _spanned, ...data } = s.data;
      if (known) Object.assign(known.data, data);
      else {
        const node = { ...s, data };
        byId.set(s.id, node);
        first.push(node);
      }
      spans.set(s.id, (spans.get(s.id) ?? new Set()).add(h.id));
    }
    at.set(h.id, first);
  }
  for (const [id, span] of spans) byId.get(id)!.data.hosts = [...span].sort();
  return { segments: [...byId.values()], at };
}

/** Host nodes and segments placed, and the segments over their trunk links. */
function basePositions(
  fleet: Omit<FleetLayout, 'positions' | 'extents' | 'totals' | 'topology'>,
  segments: readonly TopoNode[],
): Record<string, Position> {
  const { columnWidth } = fleet.dims;
  const positions: Record<string, Position> = {};
  const trunks = fleet.hosts.flatMap((h) => {
    const shape = fleet.shapes.get(h.id)!;
    const { start, row } = fleet.places.get(h.id)!;
    positions[topoId.host(h.id)] = {
      x: (start + shape.hostColumn - row.start) * columnWidth,
      y: row.y,
    };
    return shape.trunks.map((t) => ({
      target: t.segment,
      x: (start + t.column - row.start) * columnWidth,
      row,
    }));
  });
  placeFloating(
    trunks,
    segments.map((s) => s.id),
    positions,
    {
      columnWidth,
      y: segmentLayerY(fleet.layers, fleet.dims),
    },
  );
  return positions;
}

/** Every subnet node id of the full graph's host trees (route ends). */
const subnetIds = (hosts: readonly HostView[]): Set<string> =>
  new Set(
    hosts.flatMap((h) =>
      h.snapshot.networks.flatMap((n) => n.subnets.map((s) => topoId.subnet(h.id, n.id, s.subnet))),
    ),
  );

/** Distinct route edges whose ends pass `has`. */
function routesOf(hosts: readonly HostView[], has: (id: string) => boolean): TopoEdge[] {
  if (!hosts.some((h) => h.snapshot.installedRoutes?.length)) return [];
  const byId = new Map<string, TopoEdge>();
  for (const e of routeEdges(hosts, has)) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()];
}

/** Lays out a fleet from its hosts' shapes (By VLAN or By host): host nodes, segments and host extents; no tree built. */
export function layoutFleet(
  hosts: readonly HostView[],
  opts: LayoutOptions & { view?: 'vlan' | 'host' } = {},
): FleetLayout {
  const view = opts.view ?? 'vlan';
  const ordered = hostsInOrder(hosts);
  const shapes = new Map(ordered.map((h) => [h.id, hostShape(h, view === 'vlan')]));
  const layers = layersFrom(shapes.values());
  const dims = dimsOf(opts);
  const places = placeHosts(ordered, shapes, layers.size, opts);
  const { segments, at } = segmentsOf(ordered, shapes);
  const partial = {
    view,
    hosts: ordered,
    shapes,
    dims,
    layers,
    places,
    segmentsAt: at,
    trees: new Map(),
  };
  const positions = basePositions(partial, segments);
  const extents = new Map(
    ordered.map((h) => [h.id, extentOf(shapes.get(h.id)!, places.get(h.id)!, partial)]),
  );
  const subnets = subnetIds(ordered);
  const hostIds = new Set(ordered.map((h) => topoId.host(h.id)));
  const routes = routesOf(ordered, (id) => hostIds.has(id) || subnets.has(id)).length;
  let [nodes, edges, containers] = [segments.length, routes, 0];
  for (const s of shapes.values())
    [nodes, edges, containers] = [nodes + s.nodes, edges + s.edges, containers + s.containers];
  const topology = { nodes: ordered.flatMap((h) => [hostNodeOf(h), ...at.get(h.id)!]), edges: [] };
  return { ...partial, topology, positions, extents, totals: { nodes, edges, containers } };
}

/** A host's whole tree (nodes without segments, edges with its trunk links) and its positions, built once per fleet layout. */
export function hostTree(
  fleet: FleetLayout,
  id: string,
): { topology: Topology; positions: Record<string, Position> } {
  const known = fleet.trees.get(id);
  if (known) return known;
  const host = fleet.hosts.find((h) => h.id === id);
  const place = fleet.places.get(id);
  if (!host || !place) return { topology: { nodes: [], edges: [] }, positions: {} };
  const b = new GraphBuilder();
  addHostTree(b, host, fleet.view === 'vlan');
  const built = b.build();
  const topology = { nodes: built.nodes.filter((n) => n.kind !== 'segment'), edges: built.edges };
  const tree = treeOf(built);
  const columns = placeColumns(tree, place.start);
  const positions = placeTree(topology, tree, columns, {
    layers: fleet.layers,
    rowOf: () => place.row,
    dims: fleet.dims,
  });
  const out = { topology, positions };
  fleet.trees.set(id, out);
  return out;
}

/** The fleet's graph with the trees of `open` hosts built (the others: their host node), every node placed as in the full layout. */
export function expandFleet(
  fleet: FleetLayout,
  open: Iterable<string>,
): { topology: Topology; positions: Record<string, Position> } {
  const wanted = new Set(open);
  const nodes: TopoNode[] = [];
  const edges: TopoEdge[] = [];
  const positions = { ...fleet.positions };
  for (const h of fleet.hosts) {
    if (wanted.has(h.id)) {
      const tree = hostTree(fleet, h.id);
      nodes.push(...tree.topology.nodes);
      edges.push(...tree.topology.edges);
      Object.assign(positions, tree.positions);
    } else nodes.push(hostNodeOf(h));
    nodes.push(...fleet.segmentsAt.get(h.id)!);
  }
  const ids = new Set(nodes.map((n) => n.id));
  edges.push(...routesOf(fleet.hosts, (id) => ids.has(id)));
  return { topology: { nodes, edges }, positions };
}

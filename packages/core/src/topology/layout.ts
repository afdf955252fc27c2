import type { TopoNode, TopoNodeKind, Topology } from './types';

export interface Position {
  x: number;
  y: number;
}

export interface LayoutOptions {
  /** Distance between two leaf columns. */
  columnWidth?: number;
  /** Distance between two layers of the hierarchy. */
  layerHeight?: number;
  /** Distance between two containers stacked under one subnet. */
  stackGap?: number;
}

const RANK: Record<TopoNodeKind, number> = { host: 0, parent: 1, vlan: 2, segment: 3, network: 4, subnet: 5, container: 6 };

interface Tree {
  children: Map<string, string[]>;
  stacks: Map<string, string[]>;
  roots: string[];
  floating: string[];
}

// The first hierarchy edge into a node makes its tree parent (edges come in
// build order: a container's first endpoint, by creation). Containers stack
// under their parent instead of taking columns; segments hang off several
// hosts, so they float instead of belonging to one tree.
function treeOf({ nodes, edges }: Topology): Tree {
  const kind = new Map(nodes.map((n) => [n.id, n.kind]));
  const parent = new Map<string, string>();
  const trunked = new Set<string>();
  const tree: Tree = { children: new Map(), stacks: new Map(), roots: [], floating: [] };
  for (const e of edges) {
    if (!kind.has(e.source) || !kind.has(e.target)) continue;
    if (e.kind === 'trunk') trunked.add(e.target);
    else if (!parent.has(e.target)) {
      parent.set(e.target, e.source);
      const list = kind.get(e.target) === 'container' ? tree.stacks : tree.children;
      list.set(e.source, [...(list.get(e.source) ?? []), e.target]);
    }
  }
  for (const n of nodes) {
    if (parent.has(n.id)) continue;
    if (trunked.has(n.id)) tree.floating.push(n.id);
    else tree.roots.push(n.id);
  }
  return tree;
}

/** Layer index per kind, with the kinds absent from the graph squeezed out. */
function layersOf(nodes: readonly TopoNode[]): Map<TopoNodeKind, number> {
  const present = [...new Set(nodes.map((n) => n.kind))].sort((a, b) => RANK[a] - RANK[b]);
  return new Map(present.map((k, i) => [k, i]));
}

// Recursion depth is the hierarchy's depth (at most 7), never the node count.
/** Assigns leaf columns depth-first; a node sits over the middle of its children, its stack in a column of its own. */
function placeColumns(tree: Tree): Map<string, number> {
  const column = new Map<string, number>();
  const stackColumn = new Map<string, number>();
  let next = 0;
  const visit = (id: string): void => {
    const kids = tree.children.get(id) ?? [];
    for (const kid of kids) visit(kid);
    const hasStack = (tree.stacks.get(id)?.length ?? 0) > 0;
    if (hasStack || kids.length === 0) stackColumn.set(id, next++);
    const first = kids[0] ? column.get(kids[0])! : stackColumn.get(id)!;
    const last = kids.length ? column.get(kids[kids.length - 1]!)! : first;
    column.set(id, (first + last) / 2);
  };
  for (const root of tree.roots) visit(root);
  for (const [owner, stack] of tree.stacks) for (const id of stack) column.set(id, stackColumn.get(owner) ?? column.get(owner)!);
  return column;
}

/** Deterministic layered positions from the hierarchy, O(n log n), no simulation. */
export function layoutTopology(graph: Topology, opts: LayoutOptions = {}): Record<string, Position> {
  const { columnWidth = 160, layerHeight = 140, stackGap = 48 } = opts;
  const tree = treeOf(graph);
  const layers = layersOf(graph.nodes);
  const column = placeColumns(tree);
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const stacked = new Set([...tree.stacks.values()].flat());
  const positions: Record<string, Position> = {};
  for (const n of graph.nodes) {
    const x = column.get(n.id);
    if (x !== undefined && !stacked.has(n.id)) positions[n.id] = { x: x * columnWidth, y: layers.get(n.kind)! * layerHeight };
  }
  for (const [, stack] of tree.stacks) {
    stack.forEach((id, i) => {
      positions[id] = { x: column.get(id)! * columnWidth, y: layers.get(kindOf.get(id)!)! * layerHeight + i * stackGap };
    });
  }
  placeFloating(graph, tree.floating, positions, { columnWidth, layer: (id) => layers.get(kindOf.get(id)!)! * layerHeight });
  return positions;
}

// A segment goes over the mean x of the VLAN links on it, then a sweep in x
// order pushes apart segments that would overlap. Containers and columns do
// not feed into it, so adding a container never moves a segment.
function placeFloating(graph: Topology, floating: string[], positions: Record<string, Position>, { columnWidth, layer }: { columnWidth: number; layer: (id: string) => number }): void {
  const sum = new Map<string, { total: number; count: number }>();
  for (const e of graph.edges) {
    const from = positions[e.source];
    if (e.kind !== 'trunk' || !from) continue;
    const acc = sum.get(e.target) ?? { total: 0, count: 0 };
    sum.set(e.target, { total: acc.total + from.x, count: acc.count + 1 });
  }
  const wanted = floating.map((id) => {
    const acc = sum.get(id);
    return { id, x: acc && acc.count ? acc.total / acc.count : 0 };
  });
  wanted.sort((a, b) => a.x - b.x || (a.id < b.id ? -1 : 1));
  let previous = -Infinity;
  for (const { id, x } of wanted) {
    const placed = Math.max(x, previous + columnWidth / 2);
    positions[id] = { x: placed, y: layer(id) };
    previous = placed;
  }
}

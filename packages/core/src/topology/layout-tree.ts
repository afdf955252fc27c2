import type { TopoNodeKind, Topology } from './types';

/** The hierarchy the layout walks: tree children, container stacks, roots, and floating segments. */
export interface LayoutTree {
  children: Map<string, string[]>;
  stacks: Map<string, string[]>;
  roots: string[];
  floating: string[];
}

const RANK: Record<TopoNodeKind, number> = {
  host: 0,
  parent: 1,
  vlan: 2,
  segment: 3,
  network: 4,
  subnet: 5,
  container: 6,
};

// The first hierarchy edge into a node makes its tree parent (edges come in
// build order: a container's first endpoint, by creation). Containers stack
// under their parent instead of taking columns; segments hang off several
// hosts, so they float instead of belonging to one tree. Route edges join
// trees of different hosts and take no part in the layout.
/** Reads the tree out of a graph. */
export function treeOf({ nodes, edges }: Topology): LayoutTree {
  const kind = new Map<string, TopoNodeKind>();
  for (const n of nodes) kind.set(n.id, n.kind);
  const parented = new Set<string>();
  const trunked = new Set<string>();
  const tree: LayoutTree = { children: new Map(), stacks: new Map(), roots: [], floating: [] };
  for (const e of edges) {
    if (e.kind === 'route') continue;
    const target = kind.get(e.target);
    if (target === undefined || !kind.has(e.source)) continue;
    if (e.kind === 'trunk') trunked.add(e.target);
    else if (!parented.has(e.target)) {
      parented.add(e.target);
      addTo(target === 'container' ? tree.stacks : tree.children, e.source, e.target);
    }
  }
  for (const n of nodes) {
    if (parented.has(n.id)) continue;
    if (trunked.has(n.id)) tree.floating.push(n.id);
    else tree.roots.push(n.id);
  }
  return tree;
}

const addTo = (lists: Map<string, string[]>, key: string, id: string): void => {
  const list = lists.get(key);
  if (list) list.push(id);
  else lists.set(key, [id]);
};

/** Layer index per kind, with the kinds absent from the graph squeezed out. */
export function layersOf(nodes: Topology['nodes']): Map<TopoNodeKind, number> {
  const kinds = new Set<TopoNodeKind>();
  for (const n of nodes) kinds.add(n.kind);
  return layersOfKinds(kinds);
}

// The lazy fleet layout knows its kinds from host shapes, not from nodes.
/** Layer index per kind of `kinds`, in rank order. */
export function layersOfKinds(kinds: Iterable<TopoNodeKind>): Map<TopoNodeKind, number> {
  const present = [...new Set(kinds)].sort((a, b) => RANK[a] - RANK[b]);
  return new Map(present.map((k, i) => [k, i]));
}

/** Columns of every tree node, the column span of each root, and the root each node belongs to. */
export interface Columns {
  column: Map<string, number>;
  span: Map<string, { start: number; end: number }>;
  rootOf: Map<string, string>;
}

// Leaves take columns left to right, depth first; a node sits over the middle
// of its children, and its container stack gets a column of its own. Only
// new tree nodes (never containers) add columns, so a connect moves nothing.
// Recursion depth is the hierarchy's depth (at most 7), never the node count.
/** Assigns columns from `first` on; `stackSize` (default: the tree's stacks) says which nodes have a stack column. */
export function placeColumns(
  tree: LayoutTree,
  first = 0,
  stackSize: (id: string) => number = (id) => tree.stacks.get(id)?.length ?? 0,
): Columns {
  const out: Columns = { column: new Map(), span: new Map(), rootOf: new Map() };
  const stackColumn = new Map<string, number>();
  let next = first;
  const visit = (id: string, root: string): void => {
    out.rootOf.set(id, root);
    const kids = tree.children.get(id) ?? [];
    for (const kid of kids) visit(kid, root);
    const stack = tree.stacks.get(id) ?? [];
    if (stackSize(id) > 0 || kids.length === 0) stackColumn.set(id, next++);
    const first = kids[0] ? out.column.get(kids[0])! : stackColumn.get(id)!;
    const last = kids.length ? out.column.get(kids[kids.length - 1]!)! : first;
    out.column.set(id, (first + last) / 2);
    for (const c of stack) {
      out.column.set(c, stackColumn.get(id)!);
      out.rootOf.set(c, root);
    }
  };
  for (const root of tree.roots) {
    const start = next;
    visit(root, root);
    out.span.set(root, { start, end: next });
  }
  return out;
}

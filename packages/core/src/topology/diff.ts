import type { TopoEdge, TopoNode, Topology } from './types';

/** What changed between two builds, so the dashboard patches its graph instead of redrawing it. */
export interface TopologyDiff {
  added: { nodes: TopoNode[]; edges: TopoEdge[] };
  removed: { nodes: string[]; edges: string[] };
  changed: { nodes: TopoNode[]; edges: TopoEdge[] };
}

function diffById<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
): { added: T[]; removed: string[]; changed: T[] } {
  const old = new Map(before.map((item) => [item.id, item]));
  const ids = new Set(after.map((item) => item.id));
  const added: T[] = [];
  const changed: T[] = [];
  for (const item of after) {
    const was = old.get(item.id);
    if (!was) added.push(item);
    else if (JSON.stringify(was) !== JSON.stringify(item)) changed.push(item);
  }
  return {
    added,
    removed: before.filter((item) => !ids.has(item.id)).map((item) => item.id),
    changed,
  };
}

// Builds are deterministic (same key order, same array order), so comparing
// the JSON text of two nodes with the same id is a faithful equality.
/** Nodes and edges added, removed (by id) and changed (new value) from `a` to `b`. */
export function diffTopology(a: Topology, b: Topology): TopologyDiff {
  const nodes = diffById(a.nodes, b.nodes);
  const edges = diffById(a.edges, b.edges);
  return {
    added: { nodes: nodes.added, edges: edges.added },
    removed: { nodes: nodes.removed, edges: edges.removed },
    changed: { nodes: nodes.changed, edges: edges.changed },
  };
}

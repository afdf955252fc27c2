import type { TopoEdge, TopoNode, Topology } from '@underlay/core';
import type { ElementDefinition } from 'cytoscape';

// core's topology → cytoscape element data. Flags become top-level data
// fields so the stylesheet can select on them (`[?isolated]`, `[?l3]`).

export interface Position {
  x: number;
  y: number;
}

/** Hosts (by topology host id) that are offline: their whole subtree is greyed. */
export function offlineHosts(topology: Topology): Set<string> {
  return new Set(
    topology.nodes
      .filter((n) => n.kind === 'host' && n.data.online === false)
      .map((n) => n.id.replace(/^host:/, '')),
  );
}

export interface NodeFlags {
  l3: boolean;
  isolated: boolean;
  degraded: boolean;
  drift: boolean;
  offline: boolean;
}

/** What the stylesheet distinguishes about a node. */
export function nodeFlags(node: TopoNode, offline: Set<string>): NodeFlags {
  const d = node.data;
  return {
    l3: d.mode === 'l3' || d.mode === 'l3s',
    isolated: Boolean(d.isolated),
    degraded: Boolean(d.degraded || d.missing),
    drift: Boolean(d.drift?.length),
    offline: d.online === false || (node.host !== undefined && offline.has(node.host)),
  };
}

// cytoscape keeps only what it draws and searches (id, label); flags travel as
// classes and everything else stays in the topology, read by the details panel.
// Small data objects matter: at 17k elements, allocation and GC dominate.
/** The data cytoscape keeps for a node. */
export const nodeData = (node: TopoNode): { id: string; label: string } => ({
  id: node.id,
  label: node.label,
});

const FLAGS = ['l3', 'isolated', 'degraded', 'drift', 'offline'] as const;

// Class selectors (`.network.l3`) match much faster than data selectors
// (`[kind = "network"][?l3]`) on thousands of elements.
/** Style classes of a node: its kind and its flags. */
export function nodeClasses(node: TopoNode, offline: Set<string>): string {
  const flags = nodeFlags(node, offline);
  return [node.kind, ...FLAGS.filter((f) => flags[f])].join(' ');
}

/** A node element at its position. */
export function nodeElement(
  node: TopoNode,
  position: Position | undefined,
  offline: Set<string>,
): ElementDefinition {
  return {
    group: 'nodes',
    data: nodeData(node),
    classes: nodeClasses(node, offline),
    position: position ?? { x: 0, y: 0 },
  };
}

/** An edge's data: a route edge also carries its label (`dst via next-hop`); others need none. */
export const edgeData = (edge: TopoEdge) => ({
  id: edge.id,
  source: edge.source,
  target: edge.target,
  ...(edge.kind === 'route' ? { label: `${edge.data?.dst} via ${edge.data?.via}` } : {}),
});

/** An edge's classes: its kind, and `missing` for a route the drift check found gone. */
export const edgeClasses = (edge: TopoEdge): string =>
  edge.data?.missing ? `${edge.kind} missing` : edge.kind;

/** An edge element; edges are never selectable (a perf tip, and nothing to show). */
export const edgeElement = (edge: TopoEdge): ElementDefinition => ({
  group: 'edges',
  data: edgeData(edge),
  classes: edgeClasses(edge),
  selectable: false,
});

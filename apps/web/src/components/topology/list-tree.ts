import type { TopoNode, Topology } from '@underlay/core';

// The graph as text (issue 19, problem 8): the canvas has a text alternative
// listing the same nodes as an outline, hosts → parents → VLAN interfaces →
// networks → subnets → containers with their addresses (By subnet: segments
// → subnets → containers). Every edge but a route makes its target a child of
// its source, so a container on two networks is listed under both, and a
// VLAN interface lists the segment it joins. Routes cross between trees.

export interface ListTree {
  roots: string[];
  children: Map<string, string[]>;
  byId: Map<string, TopoNode>;
}

/** The outline of a topology: roots (nodes nothing leads to) and each node's children in edge order. */
export function listTree(topology: Topology): ListTree {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  const children = new Map<string, string[]>();
  const led = new Set<string>();
  for (const e of topology.edges) {
    if (e.kind === 'route' || !byId.has(e.source) || !byId.has(e.target)) continue;
    led.add(e.target);
    const list = children.get(e.source);
    if (list) list.push(e.target);
    else children.set(e.source, [e.target]);
  }
  const roots = topology.nodes.filter((n) => !led.has(n.id)).map((n) => n.id);
  return { roots, children, byId };
}

/** What the outline says after a node's name: its kind, and a container's addresses. */
export function listDetail(node: TopoNode): string {
  const addresses = node.data.addresses ?? [];
  if (node.kind === 'container')
    return addresses.length ? `container, ${addresses.join(', ')}` : 'container, no address';
  if (node.kind === 'network' && node.data.mode) return `network, ${node.data.mode}`;
  return node.kind === 'parent' ? 'parent interface' : node.kind;
}

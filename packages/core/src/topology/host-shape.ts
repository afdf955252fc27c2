import { endpointLinks, idleContainers } from './build-hosts';
import { skeletonOf } from './host-skeleton';
import { topoId } from './ids';
import { placeColumns } from './layout-tree';
import type { HostView, TopoNode, TopoNodeKind } from './types';

// What the fleet's layout needs of a host whose tree is not built (issue 19:
// 500 hosts × 100 containers). The layout gives a host as many columns as
// its tree has leaves and stacks, and a row as tall as its longest stack; a
// segment goes over the mean x of the links on it. So a host's shape is its
// tree without containers (parents, VLANs, networks, subnets: a fifth of its
// nodes at 5 containers a network) and, per stack owner, how many containers
// hang from it: the same walk as the build (endpointLinks), counted. The tree
// comes from host-skeleton.ts (ids only, no node objects).

/** One host's tree reduced to what places it and its neighbours, and its counts. */
export interface HostShape {
  host: string;
  /** Columns its tree takes. */
  columns: number;
  /** The host node's column, counted from the tree's first. */
  hostColumn: number;
  /** Its longest container stack (0: none). */
  tallest: number;
  /** Kinds of its nodes (segments aside). */
  kinds: Set<TopoNodeKind>;
  /** Its trunk links in build order: the segment, and the column of the link's end. */
  trunks: { segment: string; column: number }[];
  /** The segment nodes it joins, as built for it. */
  segments: TopoNode[];
  networks: number;
  containers: number;
  /** Nodes (segments aside) and edges of its full tree. */
  nodes: number;
  edges: number;
}

/** Containers per stack owner, endpoint edges, and containers, as the build would make them. */
function stackCounts(host: HostView): {
  stacks: Map<string, number>;
  endpointEdges: number;
  containers: number;
} {
  const stacks = new Map<string, number>();
  const linked = new Set<string>();
  const edges = new Set<string>();
  for (const { endpoint, from } of endpointLinks(host)) {
    edges.add(`${from}\n${endpoint.container}`);
    if (linked.has(endpoint.container)) continue;
    linked.add(endpoint.container);
    stacks.set(from, (stacks.get(from) ?? 0) + 1);
  }
  const idle = new Set(idleContainers(host, linked).map((c) => c.name)).size;
  if (idle > 0) stacks.set(topoId.host(host.id), idle);
  return { stacks, endpointEdges: edges.size + idle, containers: linked.size + idle };
}

/** The shape of `host`'s tree (`segments`: with its links to L2 segments, the By VLAN view). */
export function hostShape(host: HostView, segments: boolean): HostShape {
  const sk = skeletonOf(host, segments);
  const { stacks, endpointEdges, containers } = stackCounts(host);
  const columns = placeColumns(sk.tree, 0, (id) => stacks.get(id) ?? 0);
  const kinds = new Set(sk.kinds);
  if (containers > 0) kinds.add('container');
  return {
    host: host.id,
    columns: columns.span.get(topoId.host(host.id))?.end ?? 1,
    hostColumn: columns.column.get(topoId.host(host.id)) ?? 0,
    tallest: Math.max(0, ...stacks.values()),
    kinds,
    trunks: sk.trunks.map((t) => ({
      segment: t.segment,
      column: columns.column.get(t.source) ?? 0,
    })),
    segments: sk.segments,
    networks: sk.networks,
    containers,
    nodes: sk.nodes + containers,
    edges: sk.edges + endpointEdges,
  };
}

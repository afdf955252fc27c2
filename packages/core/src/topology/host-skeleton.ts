import { attachmentOf, networksInOrder } from './attachment';
import { topoId } from './ids';
import type { LayoutTree } from './layout-tree';
import type { HostView, TopoNode, TopoNodeKind } from './types';

// A host's tree without containers, as ids and child lists only: what its
// shape needs (host-shape.ts), without the node objects the build makes.
// It follows addHostTree (build-hosts.ts) step by step: host → NIC or dummy
// → VLAN sub-interface → network → subnets, each node's parent its first
// hierarchy edge; segments float. fleet-layout.test.ts checks the shapes
// against the full build's layout.

/** A host's skeleton: its tree (containers aside), its kinds, its trunk links and the segment nodes it joins. */
export interface Skeleton {
  tree: LayoutTree;
  kinds: Set<TopoNodeKind>;
  /** Trunk links in build order: from (a NIC or VLAN node) → segment. */
  trunks: { source: string; segment: string }[];
  segments: TopoNode[];
  networks: number;
  /** Nodes (containers and segments aside) and edges (endpoint ones aside). */
  nodes: number;
  edges: number;
}

interface Walk {
  sk: Skeleton;
  seen: Set<string>;
  edges: Set<string>;
}

/** A hierarchy edge: the child's parent when it has none yet (treeOf's rule). */
function contain(w: Walk, parent: string, child: string, kind: TopoNodeKind): void {
  const id = topoId.edge(parent, child);
  w.edges.add(id);
  if (w.seen.has(child)) return;
  w.seen.add(child);
  w.sk.kinds.add(kind);
  const kids = w.sk.tree.children.get(parent);
  if (kids) kids.push(child);
  else w.sk.tree.children.set(parent, [child]);
}

/** A trunk link to the segment of (trunk, vid), as addSegment makes it. */
function trunk(w: Walk, from: string, at: { trunk: string }, vid: number | 'native'): void {
  const id = topoId.segment(at.trunk, vid);
  const edge = topoId.edge(from, id);
  if (w.edges.has(edge)) return;
  w.edges.add(edge);
  w.sk.trunks.push({ source: from, segment: id });
  if (w.seen.has(id)) return;
  w.seen.add(id);
  const label = vid === 'native' ? `${at.trunk} untagged` : `VLAN ${vid} on ${at.trunk}`;
  const data = {
    trunk: at.trunk,
    scope: 'l2' as const,
    ...(vid === 'native' ? {} : { vlanId: vid }),
  };
  w.sk.segments.push({ id, kind: 'segment', label, data });
}

/** Walks one network as addNetwork does: its wire, itself, its subnets. */
function walkNetwork(
  w: Walk,
  host: HostView,
  network: HostView['snapshot']['networks'][number],
  segments: boolean,
): void {
  const at = attachmentOf(network, host);
  const lower = topoId.parent(host.id, at.lower);
  contain(w, topoId.host(host.id), lower, 'parent');
  let from = lower;
  if (at.kind === 'nic' && segments) trunk(w, lower, at, 'native');
  if (at.kind === 'vlan') {
    from = topoId.vlan(host.id, at.link?.name ?? `${at.lower}.${at.vid}`);
    contain(w, lower, from, 'vlan');
    if (segments && at.vid !== undefined) trunk(w, from, at, at.vid);
  }
  const id = topoId.network(host.id, network.id);
  contain(w, from, id, 'network');
  w.sk.networks++;
  for (const s of network.subnets)
    contain(w, id, topoId.subnet(host.id, network.id, s.subnet), 'subnet');
}

/** `host`'s skeleton (`segments`: with its links to L2 segments, the By VLAN view). */
export function skeletonOf(host: HostView, segments: boolean): Skeleton {
  const root = topoId.host(host.id);
  const sk: Skeleton = {
    tree: { children: new Map(), stacks: new Map(), roots: [root], floating: [] },
    kinds: new Set(['host']),
    trunks: [],
    segments: [],
    networks: 0,
    nodes: 0,
    edges: 0,
  };
  const w: Walk = { sk, seen: new Set([root]), edges: new Set() };
  for (const network of networksInOrder(host.snapshot.networks))
    walkNetwork(w, host, network, segments);
  sk.nodes = w.seen.size - sk.segments.length;
  sk.edges = w.edges.size;
  return sk;
}

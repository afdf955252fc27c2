import { containerStacks, type TopoEdge, type Topology } from '@underlay/core';
import type { Core, ElementDefinition } from 'cytoscape';
import type { Position } from './elements';
import type { LazyGraph } from './lazy-graph';

// What the levels of detail of a large fleet keep on a cytoscape instance
// (stack-folds.ts: container stacks and tree edges; host-folds.ts: whole
// hosts at the fleet zoom), and the pure look-ups both use.

const SCRATCH = 'underlay.folds';
const CONTAINER_SIZE = 8;
/** From the owner's centre to the top of its bar: below the owner's own shape (at most 22 px tall). */
export const OWNER_GAP = 14;

export interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** A host whose tree edges are not drawn: the box around its nodes, and those edges. */
export interface BareTree {
  box: Box;
  edges: TopoEdge[];
}

/** The folded stacks and hosts of one cytoscape instance, and what is needed to unfold them. */
export interface Folds {
  /** Owners (subnet, network or host ids) whose containers are drawn as one mark. */
  owners: Set<string>;
  /** Hosts whose tree edges are not drawn yet. */
  bareHosts: Map<string, BareTree>;
  /** Hosts drawn as their host node and one mark for everything under it (the fleet zoom). */
  foldedHosts: Set<string>;
  /** The stacks of the folded hosts are not in `owners` yet (see ensureStacks). */
  stacksPending?: boolean;
  topology: Topology;
  positions: Record<string, Position>;
  offline: Set<string>;
  /** A fleet built lazily (lazy-graph.ts): `topology` holds only the unfolded hosts' trees. */
  lazy?: LazyGraph;
}

export const markId = (owner: string): string => `fold:${owner}`;

/** The folds kept on an instance (none: everything is drawn). */
export const foldsOf = (cy: Core): Folds | undefined => cy.scratch(SCRATCH) as Folds | undefined;

/** Keeps the folds on the instance, where search and the viewport handler find them. */
export const keepFolds = (cy: Core, folds: Folds | null): void =>
  void (folds && cy.scratch(SCRATCH, folds));

/** The mark standing for a stack: a bar from just under its owner to the stack's last container. */
export function markElement(
  owner: string,
  stack: readonly string[],
  folds: Pick<Folds, 'positions' | 'offline'>,
  host: string | undefined,
): ElementDefinition {
  // No edge to the owner: the bar itself hangs from it. An edge per mark cost
  // a fifth of the first draw (1,000 haystack edges), for the same picture.
  const top = (folds.positions[owner]?.y ?? 0) + OWNER_GAP;
  const bottom = Math.max(...stack.map((id) => folds.positions[id]?.y ?? 0)) + CONTAINER_SIZE / 2;
  const x = folds.positions[stack[0] ?? '']?.x ?? 0;
  const classes = host !== undefined && folds.offline.has(host) ? 'fold offline' : 'fold';
  const label = `${stack.length} container${stack.length === 1 ? '' : 's'}`;
  return {
    group: 'nodes',
    data: { id: markId(owner), label, h: Math.max(bottom - top, CONTAINER_SIZE) },
    classes,
    position: { x, y: (top + bottom) / 2 },
  };
}

// A full draw, an unfold and a live update each ask several times for the
// stacks and the tree of the same topology (81k nodes at 500 hosts): each
// is read once per topology object.
const STACKS = new WeakMap<Topology, Map<string, string[]>>();
const TREE_HOST = new WeakMap<Topology, (edge: TopoEdge) => string | undefined>();

/** core's container stacks of a topology, computed once per topology object. */
export function stacksOf(topology: Topology): Map<string, string[]> {
  let stacks = STACKS.get(topology);
  if (!stacks) STACKS.set(topology, (stacks = containerStacks(topology)));
  return stacks;
}

// Reading the stacks is a walk of the whole tree (docs/perf.md has its cost):
// a first draw with every host folded hides all their containers anyway, so
// it leaves the stacks for the first unfold.
/** Fills `owners` with the stacks of the hosts still folded, once, before anything unfolds. */
export function ensureStacks(folds: Folds): void {
  if (!folds.stacksPending) return;
  folds.stacksPending = false;
  const hostOf = hostsById(folds.topology);
  for (const owner of stacksOf(folds.topology).keys())
    if (folds.foldedHosts.has(hostOf.get(owner) ?? '')) folds.owners.add(owner);
}

/** Node id → its host (undefined for segments). */
export const hostsById = (topology: Topology): Map<string, string | undefined> =>
  new Map(topology.nodes.map((n) => [n.id, n.host]));

/** The host whose tree an edge belongs to: a `contains` edge between two of its nodes, neither a container; else undefined. */
export function treeHostOf(topology: Topology): (edge: TopoEdge) => string | undefined {
  let known = TREE_HOST.get(topology);
  if (!known) TREE_HOST.set(topology, (known = readTreeHost(topology)));
  return known;
}

function readTreeHost(topology: Topology): (edge: TopoEdge) => string | undefined {
  const byId = new Map(topology.nodes.map((n) => [n.id, n]));
  return (edge) => {
    if (edge.kind !== 'contains') return undefined;
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (
      !source?.host ||
      source.host !== target?.host ||
      source.kind === 'container' ||
      target.kind === 'container'
    )
      return undefined;
    return source.host;
  };
}

/** For each of `hosts`: the box around its nodes (containers included, from the layout; `extents` when given: a lazy graph's) and its tree edges. */
export function bareTrees(
  topology: Topology,
  positions: Record<string, Position>,
  hosts: Iterable<string>,
  extents?: Map<string, Box>,
): Map<string, BareTree> {
  const trees = new Map<string, BareTree>(
    [...hosts].map((h) => [
      h,
      {
        box: extents?.get(h) ?? { x1: Infinity, x2: -Infinity, y1: Infinity, y2: -Infinity },
        edges: [],
      },
    ]),
  );
  for (const n of extents ? [] : topology.nodes) {
    const box = n.host === undefined ? undefined : trees.get(n.host)?.box;
    const p = positions[n.id];
    if (!box || !p) continue;
    box.x1 = Math.min(box.x1, p.x);
    box.x2 = Math.max(box.x2, p.x);
    box.y1 = Math.min(box.y1, p.y);
    box.y2 = Math.max(box.y2, p.y);
  }
  const treeHost = treeHostOf(topology);
  for (const e of topology.edges) trees.get(treeHost(e) ?? '')?.edges.push(e);
  return trees;
}

/** The hosts of a topology that have a host node (the By subnet view has none). */
export const hostIds = (topology: Topology): string[] =>
  topology.nodes.flatMap((n) => (n.kind === 'host' && n.host !== undefined ? [n.host] : []));

/** Container ids of the stacks still folded. */
export function foldedContainers(folds: Pick<Folds, 'owners' | 'topology'>): Set<string> {
  const stacks = stacksOf(folds.topology);
  return new Set([...folds.owners].flatMap((owner) => stacks.get(owner) ?? []));
}

/** Node ids out of the graph: containers of folded stacks, and everything under a folded host but the host node. */
export function hiddenNodes(
  folds: Pick<Folds, 'owners' | 'foldedHosts' | 'topology' | 'stacksPending'>,
): Set<string> {
  // Pending stacks are all under folded hosts: the loop below hides them.
  const hidden = folds.stacksPending ? new Set<string>() : foldedContainers(folds);
  if (folds.foldedHosts.size === 0) return hidden;
  for (const n of folds.topology.nodes)
    if (n.kind !== 'host' && n.host !== undefined && folds.foldedHosts.has(n.host))
      hidden.add(n.id);
  return hidden;
}

import { containerStacks, type TopoEdge, type TopoNode, type Topology } from '@underlay/core';
import type { Core, ElementDefinition } from 'cytoscape';
import { edgeElement, nodeElement, type Position } from './elements';

// Level of detail for large fleets. cytoscape costs about 0.2 ms per element
// to style, measure and draw on this kind of machine, whatever the stylesheet
// (README, topology bench): 50 hosts × 20 networks × 5 containers is 17k
// elements and 3–4 s before the first frame. Containers and their links are
// 10k of those, and at the zoom that shows a whole fleet a container is a
// twentieth of a pixel. So above FOLD_ABOVE containers, each stack of
// containers is drawn as one grey bar hanging from the stack's owner down to
// its last container, until the view is zoomed in to UNFOLD_ZOOM (a container is
// then 2 px wide): the stacks on screen are then replaced by their containers
// and links, and stay so. Search and a tap on a bar unfold too. Smaller
// fleets (the lab, most sites) never fold: every element from the first draw.
//
// The same goes for the tree edges inside each host (host → interface → VLAN
// → network → subnet, 3,050 of the 4,050 edges left after folding): at the
// zoom of a whole fleet a 1 px line is a twentieth of a pixel and the first
// draw looks the same without them (compared on screenshots), while they were
// a third of its time. A host's tree edges are added once the view is zoomed
// to UNFOLD_ZOOM over that host, or with any of its stacks. Trunk edges (VLAN
// to segment: which hosts share an L2 segment) are always drawn.

/** Fold container stacks when a topology has more containers than this. */
export const FOLD_ABOVE = 1500;
/** Unfold the stacks on screen from this zoom on (a container is then 2 px). */
export const UNFOLD_ZOOM = 0.25;

const SCRATCH = 'underlay.folds';
const CONTAINER_SIZE = 8;
/** From the owner's centre to the top of its bar: below the owner's own shape (at most 22 px tall). */
const OWNER_GAP = 14;

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** A host whose tree edges are not drawn: the box around its nodes, and those edges. */
interface BareTree {
  box: Box;
  edges: TopoEdge[];
}

/** The folded stacks of one cytoscape instance, and what is needed to unfold them. */
export interface Folds {
  /** Owners (subnet, network or host ids) whose containers are drawn as one mark. */
  owners: Set<string>;
  /** Hosts whose tree edges are not drawn yet. */
  bareHosts: Map<string, BareTree>;
  topology: Topology;
  positions: Record<string, Position>;
  offline: Set<string>;
}

export const markId = (owner: string): string => `fold:${owner}`;

/** The folds kept on an instance (none: everything is drawn). */
export const foldsOf = (cy: Core): Folds | undefined => cy.scratch(SCRATCH) as Folds | undefined;

/** Keeps the folds on the instance, where search and the viewport handler find them. */
export const keepFolds = (cy: Core, folds: Folds | null): void =>
  void (folds && cy.scratch(SCRATCH, folds));

/** Whether a full draw of this topology folds its stacks. */
export const shouldFold = (topology: Topology): boolean =>
  topology.nodes.reduce((n, node) => n + (node.kind === 'container' ? 1 : 0), 0) > FOLD_ABOVE;

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

const hostsById = (topology: Topology): Map<string, string | undefined> =>
  new Map(topology.nodes.map((n) => [n.id, n.host]));

/** The host whose tree an edge belongs to: a `contains` edge between two of its nodes, neither a container; else undefined. */
function treeHostOf(topology: Topology): (edge: TopoEdge) => string | undefined {
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

/** For each of `hosts`: the box around its nodes (containers included, from the layout) and its tree edges. */
function bareTrees(
  topology: Topology,
  positions: Record<string, Position>,
  hosts: Iterable<string>,
): Map<string, BareTree> {
  const trees = new Map<string, BareTree>(
    [...hosts].map((h) => [
      h,
      { box: { x1: Infinity, x2: -Infinity, y1: Infinity, y2: -Infinity }, edges: [] },
    ]),
  );
  for (const n of topology.nodes) {
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

const hostIds = (topology: Topology): string[] =>
  topology.nodes.flatMap((n) => (n.kind === 'host' && n.host !== undefined ? [n.host] : []));

/** Whether `folds` keep this edge of `topology` out of the graph: an end in a folded stack, or a bare host's tree edge. */
export function foldedEdges(folds: Folds, topology: Topology): (edge: TopoEdge) => boolean {
  const hidden = foldedContainers({ ...folds, topology });
  const treeHost = treeHostOf(topology);
  return (edge) => {
    if (hidden.has(edge.source) || hidden.has(edge.target)) return true;
    const host = treeHost(edge);
    return host !== undefined && folds.bareHosts.has(host);
  };
}

/** A full draw's elements: everything, or with each stack folded into a mark when the fleet is large. */
export function drawnElements(
  topology: Topology,
  positions: Record<string, Position>,
  offline: Set<string>,
): { elements: ElementDefinition[]; folds: Folds | null } {
  const edges = topology.edges.map(edgeElement);
  if (!shouldFold(topology))
    return {
      elements: [...topology.nodes.map((n) => nodeElement(n, positions[n.id], offline)), ...edges],
      folds: null,
    };
  const folds: Folds = {
    owners: new Set(),
    bareHosts: bareTrees(topology, positions, hostIds(topology)),
    topology,
    positions,
    offline,
  };
  const stacks = containerStacks(topology);
  const hidden = new Set([...stacks.values()].flat());
  const hostOf = hostsById(topology);
  const bare = new Set([...folds.bareHosts.values()].flatMap((t) => t.edges));
  const marks = [...stacks].flatMap(
    ([owner, stack]) => (
      folds.owners.add(owner),
      [markElement(owner, stack, folds, hostOf.get(owner))]
    ),
  );
  const nodes = topology.nodes
    .filter((n) => !hidden.has(n.id))
    .map((n) => nodeElement(n, positions[n.id], offline));
  const links = topology.edges
    .filter((e) => !hidden.has(e.source) && !hidden.has(e.target) && !bare.has(e))
    .map(edgeElement);
  return { elements: [...nodes, ...links, ...marks], folds };
}

/** Container ids currently folded away (not in the graph). */
export function foldedContainers(folds: Folds): Set<string> {
  const stacks = containerStacks(folds.topology);
  return new Set([...folds.owners].flatMap((owner) => stacks.get(owner) ?? []));
}

/** Adds the tree edges of those of `hosts` that are still bare. */
export function unfoldTrees(cy: Core, folds: Folds, hosts: Iterable<string>): void {
  const edges = [...new Set(hosts)].flatMap((host) => {
    const tree = folds.bareHosts.get(host);
    folds.bareHosts.delete(host);
    return tree?.edges ?? [];
  });
  if (edges.length > 0) cy.batch(() => cy.add(edges.map(edgeElement)));
}

/** Replaces the marks of `owners` by their containers and every link of those containers; their hosts' trees come too. */
export function unfold(cy: Core, folds: Folds, owners: readonly string[]): void {
  const open = owners.filter((o) => folds.owners.has(o));
  if (open.length === 0) return;
  const stacks = containerStacks(folds.topology);
  const shown = new Set(open.flatMap((o) => stacks.get(o) ?? []));
  const nodes: TopoNode[] = folds.topology.nodes.filter((n) => shown.has(n.id));
  const edges: TopoEdge[] = folds.topology.edges.filter(
    (e) => shown.has(e.target) || shown.has(e.source),
  );
  const hostOf = hostsById(folds.topology);
  cy.batch(() => {
    for (const owner of open) {
      folds.owners.delete(owner);
      cy.getElementById(markId(owner)).remove();
    }
    cy.add(nodes.map((n) => nodeElement(n, folds.positions[n.id], folds.offline)));
    cy.add(edges.map(edgeElement));
    unfoldTrees(
      cy,
      folds,
      open.flatMap((o) => hostOf.get(o) ?? []),
    );
  });
}

/** Unfolds the stacks whose marks are on screen, and the trees of the hosts on screen, once zoomed in far enough to tell containers apart. */
export function unfoldOnScreen(cy: Core, folds: Folds): void {
  if (cy.zoom() < UNFOLD_ZOOM || (folds.owners.size === 0 && folds.bareHosts.size === 0)) return;
  const { x1, x2, y1, y2, w } = cy.extent();
  // A quarter screen's margin on each side: the next stacks are ready before a pan shows them.
  const margin = w / 4;
  const seen = (box: Box) =>
    box.x2 >= x1 - margin &&
    box.x1 <= x2 + margin &&
    box.y2 >= y1 - margin &&
    box.y1 <= y2 + margin;
  unfoldTrees(
    cy,
    folds,
    [...folds.bareHosts].flatMap(([host, tree]) => (seen(tree.box) ? [host] : [])),
  );
  const onScreen = [...folds.owners].filter((owner) => {
    const mark = cy.getElementById(markId(owner));
    if (mark.empty()) return false;
    const { x, y } = mark.position();
    const half = (mark.data('h') as number) / 2;
    return (
      x >= x1 - margin && x <= x2 + margin && y + half >= y1 - margin && y - half <= y2 + margin
    );
  });
  unfold(cy, folds, onScreen);
}

/** Unfolds the stacks holding a container whose label or id contains `needle` (search must find folded containers). */
export function unfoldMatching(cy: Core, needle: string): void {
  const folds = foldsOf(cy);
  if (!folds || folds.owners.size === 0 || !needle) return;
  const stacks = containerStacks(folds.topology);
  const byId = new Map(folds.topology.nodes.map((n) => [n.id, n]));
  const matches = (id: string) =>
    id.toLowerCase().includes(needle) ||
    (byId.get(id)?.label.toLowerCase().includes(needle) ?? false);
  unfold(
    cy,
    folds,
    [...folds.owners].filter((owner) => (stacks.get(owner) ?? []).some(matches)),
  );
}

/** After a live update: the new topology; marks of the stacks still folded follow their stack (count, size, host state), marks of vanished stacks go. */
export function refreshFolds(
  cy: Core,
  folds: Folds,
  next: Pick<Folds, 'topology' | 'positions' | 'offline'>,
): void {
  Object.assign(folds, next);
  // Bare hosts keep their tree edges out; their boxes and edges follow the topology (a host that left is no longer bare).
  const present = new Set(hostIds(next.topology));
  folds.bareHosts = bareTrees(
    next.topology,
    next.positions,
    [...folds.bareHosts.keys()].filter((h) => present.has(h)),
  );
  const stacks = containerStacks(next.topology);
  const hostOf = hostsById(next.topology);
  cy.batch(() => {
    for (const owner of [...folds.owners]) {
      const stack = stacks.get(owner);
      const mark = cy.getElementById(markId(owner));
      if (!stack?.length) {
        mark.remove();
        folds.owners.delete(owner);
        continue;
      }
      const node = markElement(owner, stack, folds, hostOf.get(owner));
      if (!node.position) continue;
      // Only what changed: a live event touches a few stacks of a thousand.
      if (mark.data('label') !== node.data.label || mark.data('h') !== node.data['h'])
        mark.data(node.data);
      if (mark.position('x') !== node.position.x || mark.position('y') !== node.position.y)
        mark.position(node.position);
      if (!mark.hasClass('offline') !== !String(node.classes).includes('offline'))
        mark.classes(String(node.classes));
    }
  });
}

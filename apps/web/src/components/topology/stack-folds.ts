import { type TopoEdge, type TopoNode, type Topology } from '@underlay/core';
import type { Core, ElementDefinition } from 'cytoscape';
import { edgeElement, nodeElement, type Position } from './elements';
import {
  bareTrees,
  stacksOf,
  foldsOf,
  hiddenNodes,
  hostIds,
  hostsById,
  markElement,
  markId,
  type Box,
  type Folds,
} from './fold-state';
import {
  edgeHidden,
  HOST_UNFOLD_ZOOM,
  hostMarkElement,
  refreshHostMarks,
  unfoldHosts,
  unfoldHostsOnScreen,
} from './host-folds';
import { hostMatches } from './lazy-graph';

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
// to segment: which hosts share an L2 segment) are always drawn, except under
// a folded host (host-folds.ts: the fleet's own level of detail).

/** Fold container stacks when a topology has more containers than this. */
export const FOLD_ABOVE = 1500;
/** Unfold the stacks on screen from this zoom on (a container is then 2 px). */
export const UNFOLD_ZOOM = 0.25;

export {
  foldedContainers,
  foldsOf,
  keepFolds,
  markElement,
  markId,
  type BareTree,
  type Box,
  type Folds,
} from './fold-state';

/** Whether a full draw of this topology folds its stacks. */
export const shouldFold = (topology: Topology): boolean =>
  topology.nodes.reduce((n, node) => n + (node.kind === 'container' ? 1 : 0), 0) > FOLD_ABOVE;

/** Whether `folds` keep this edge of `topology` out of the graph: an end folded away, or a bare host's tree edge. */
export function foldedEdges(folds: Folds, topology: Topology): (edge: TopoEdge) => boolean {
  const next = { ...folds, topology };
  return edgeHidden(next, hiddenNodes(next));
}

/** The folds of a full draw: every stack, every host's tree edges, and every host when the fit zoom is the fleet's. */
function initialFolds(
  topology: Topology,
  positions: Record<string, Position>,
  offline: Set<string>,
  fitZoom: number,
): Folds {
  const hosts = hostIds(topology);
  const fleetZoom = fitZoom < HOST_UNFOLD_ZOOM && hosts.length > 0;
  return {
    owners: new Set(fleetZoom ? [] : stacksOf(topology).keys()),
    stacksPending: fleetZoom,
    bareHosts: bareTrees(topology, positions, hosts),
    foldedHosts: new Set(fleetZoom ? hosts : []),
    topology,
    positions,
    offline,
  };
}

/** A full draw's elements: everything, or folded (stacks; hosts too at the fleet's fit zoom) when the fleet is large. */
export function drawnElements(
  topology: Topology,
  positions: Record<string, Position>,
  offline: Set<string>,
  fitZoom = Infinity,
): { elements: ElementDefinition[]; folds: Folds | null } {
  if (!shouldFold(topology))
    return {
      elements: [
        ...topology.nodes.map((n) => nodeElement(n, positions[n.id], offline)),
        ...topology.edges.map(edgeElement),
      ],
      folds: null,
    };
  const folds = initialFolds(topology, positions, offline, fitZoom);
  const hidden = hiddenNodes(folds);
  const hostOf = folds.owners.size > 0 ? hostsById(topology) : new Map<string, string>();
  const marks = [...folds.owners]
    .filter((owner) => !folds.foldedHosts.has(hostOf.get(owner) ?? ''))
    .map((owner) =>
      markElement(owner, stacksOf(topology).get(owner) ?? [], folds, hostOf.get(owner)),
    );
  const hostMarks = [...folds.foldedHosts].map((h) =>
    hostMarkElement(h, folds.bareHosts.get(h)!.box, folds),
  );
  const nodes = topology.nodes
    .filter((n) => !hidden.has(n.id))
    .map((n) => nodeElement(n, positions[n.id], offline));
  const hide = edgeHidden(folds, hidden);
  const links = topology.edges.filter((e) => !hide(e)).map(edgeElement);
  return { elements: [...nodes, ...links, ...marks, ...hostMarks], folds };
}

/** Adds the tree edges of those of `hosts` that are still bare (a folded host keeps them until it unfolds). */
export function unfoldTrees(cy: Core, folds: Folds, hosts: Iterable<string>): void {
  const edges = [...new Set(hosts)]
    .filter((host) => !folds.foldedHosts.has(host))
    .flatMap((host) => {
      const tree = folds.bareHosts.get(host);
      folds.bareHosts.delete(host);
      return tree?.edges ?? [];
    });
  if (edges.length > 0) cy.batch(() => cy.add(edges.map(edgeElement)));
}

/** Replaces the marks of `owners` by their containers and every link of those containers; their hosts' trees come too. */
export function unfold(cy: Core, folds: Folds, owners: readonly string[]): void {
  const hostOf = hostsById(folds.topology);
  // A stack of a folded host unfolds with its host (search, a tap).
  unfoldHosts(
    cy,
    folds,
    owners.flatMap((o) => hostOf.get(o) ?? []),
  );
  const open = owners.filter((o) => folds.owners.has(o));
  if (open.length === 0) return;
  const stacks = stacksOf(folds.topology);
  const shown = new Set(open.flatMap((o) => stacks.get(o) ?? []));
  const nodes: TopoNode[] = folds.topology.nodes.filter((n) => shown.has(n.id));
  cy.batch(() => {
    for (const owner of open) {
      folds.owners.delete(owner);
      cy.getElementById(markId(owner)).remove();
    }
    cy.add(nodes.map((n) => nodeElement(n, folds.positions[n.id], folds.offline)));
    const hidden = hiddenNodes(folds);
    cy.add(
      folds.topology.edges
        .filter(
          (e) =>
            (shown.has(e.target) || shown.has(e.source)) &&
            !hidden.has(e.source) &&
            !hidden.has(e.target),
        )
        .map(edgeElement),
    );
    unfoldTrees(
      cy,
      folds,
      open.flatMap((o) => hostOf.get(o) ?? []),
    );
  });
}

/** Unfolds the hosts, trees and stacks on screen, each once zoomed in far enough to tell its parts apart. */
export function unfoldOnScreen(cy: Core, folds: Folds): void {
  const { x1, x2, y1, y2, w } = cy.extent();
  // A quarter screen's margin on each side: the next stacks are ready before a pan shows them.
  const margin = w / 4;
  const seen = (box: Box) =>
    box.x2 >= x1 - margin &&
    box.x1 <= x2 + margin &&
    box.y2 >= y1 - margin &&
    box.y1 <= y2 + margin;
  unfoldHostsOnScreen(cy, folds, seen);
  if (cy.zoom() < UNFOLD_ZOOM || (folds.owners.size === 0 && folds.bareHosts.size === 0)) return;
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
    return seen({ x1: x, x2: x, y1: y - half, y2: y + half });
  });
  unfold(cy, folds, onScreen);
}

/** Unfolds the hosts and stacks holding a node whose label or id contains `needle` (search must find folded nodes). */
export function unfoldMatching(cy: Core, needle: string): void {
  const folds = foldsOf(cy);
  if (!folds || (folds.owners.size === 0 && folds.foldedHosts.size === 0) || !needle) return;
  const matches = (n: TopoNode) =>
    n.id.toLowerCase().includes(needle) || n.label.toLowerCase().includes(needle);
  unfoldHosts(
    cy,
    folds,
    folds.lazy
      ? // A lazy graph has no tree for a folded host: its snapshot is searched.
        folds.lazy.fleet.hosts.flatMap((h) =>
          folds.foldedHosts.has(h.id) && hostMatches(h, needle) ? [h.id] : [],
        )
      : folds.topology.nodes.flatMap((n) =>
          n.kind !== 'host' && n.host !== undefined && folds.foldedHosts.has(n.host) && matches(n)
            ? [n.host]
            : [],
        ),
  );
  const stacks = stacksOf(folds.topology);
  const byId = new Map(folds.topology.nodes.map((n) => [n.id, n]));
  unfold(
    cy,
    folds,
    [...folds.owners].filter((owner) =>
      (stacks.get(owner) ?? []).some((id) => {
        const n = byId.get(id);
        return n !== undefined && matches(n);
      }),
    ),
  );
}

/** After a live update: the new topology; marks of the stacks and hosts still folded follow them (count, size, host state), marks of vanished ones go. */
export function refreshFolds(
  cy: Core,
  folds: Folds,
  next: Pick<Folds, 'topology' | 'positions' | 'offline' | 'lazy'>,
): void {
  Object.assign(folds, next);
  // Bare hosts keep their tree edges out; their boxes and edges follow the topology (a host that left is no longer bare).
  const present = new Set(hostIds(next.topology));
  folds.bareHosts = bareTrees(
    next.topology,
    next.positions,
    [...folds.bareHosts.keys()].filter((h) => present.has(h)),
    folds.lazy?.fleet.extents,
  );
  const stacks = stacksOf(next.topology);
  const hostOf = hostsById(next.topology);
  cy.batch(() => {
    for (const owner of [...folds.owners]) {
      const stack = stacks.get(owner);
      if (!stack?.length) {
        cy.getElementById(markId(owner)).remove();
        folds.owners.delete(owner);
      } else if (!folds.foldedHosts.has(hostOf.get(owner) ?? ''))
        refreshMark(cy, markElement(owner, stack, folds, hostOf.get(owner)));
    }
    refreshHostMarks(cy, folds);
  });
}

/** Only what changed on a drawn mark: a live event touches a few stacks of a thousand. */
function refreshMark(cy: Core, node: ElementDefinition): void {
  const mark = cy.getElementById(node.data.id ?? '');
  if (!node.position) return;
  if (mark.empty()) {
    cy.add(node);
    return;
  }
  if (mark.data('label') !== node.data.label || mark.data('h') !== node.data['h'])
    mark.data(node.data);
  if (mark.position('x') !== node.position.x || mark.position('y') !== node.position.y)
    mark.position(node.position);
  if (!mark.hasClass('offline') !== !String(node.classes).includes('offline'))
    mark.classes(String(node.classes));
}

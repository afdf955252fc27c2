import { topoId, type TopoEdge, type Topology } from '@underlay/core';
import type { Core, ElementDefinition } from 'cytoscape';
import { edgeElement, nodeElement } from './elements';
import { expandLazy, lazyNodeElements, type LazyGraph } from './lazy-graph';
import {
  ensureStacks,
  hiddenNodes,
  hostsById,
  markElement,
  OWNER_GAP,
  stacksOf,
  treeHostOf,
  type Box,
  type Folds,
} from './fold-state';

// The fleet's level of detail (issue 19: 500 hosts × 100 containers). At the
// zoom that shows 500 hosts (0.02) a host's whole tree is a few pixels: a
// network node is a third of a pixel, a stack of containers under one. Even
// with its stacks folded (stack-folds.ts), such a draw put every network
// and stack of every host into cytoscape (docs/perf.md). So when a full draw's fit zoom is under
// HOST_UNFOLD_ZOOM, each host is drawn as its box, its host node and one grey
// mark over the area its tree takes (three elements per host),
// and segments without their trunk lines (which hosts share a VLAN reads from
// the marks' unfolded trees). Zoomed to HOST_UNFOLD_ZOOM over a host (a
// network node is then 1 px) the host's tree comes in, with its stacks still
// folded; a tap on the mark or a search does the same.

/** Hosts are unfolded on screen from this zoom on; a full draw whose fit zoom is under it folds every host. */
export const HOST_UNFOLD_ZOOM = 0.05;

/** The id of the mark standing for a folded host's tree. */
export const hostMarkId = (host: string): string => `hostfold:${host}`;

interface Counts {
  network: number;
  container: number;
}

// One pass for all hosts, kept per topology: 500 marks each counting over
// 81k nodes cost 40M steps.
const COUNTS = new WeakMap<Topology, Map<string, Counts>>();

/** Networks and containers per host. */
function hostCounts(topology: Topology): Map<string, Counts> {
  const known = COUNTS.get(topology);
  if (known) return known;
  const counts = new Map<string, Counts>();
  for (const n of topology.nodes) {
    if (n.host === undefined || (n.kind !== 'network' && n.kind !== 'container')) continue;
    const c = counts.get(n.host) ?? { network: 0, container: 0 };
    c[n.kind]++;
    counts.set(n.host, c);
  }
  COUNTS.set(topology, counts);
  return counts;
}

/** The mark of a folded host: a block from just under its host node over the whole box of its tree. */
export function hostMarkElement(
  host: string,
  box: Box,
  folds: Pick<Folds, 'positions' | 'offline' | 'topology' | 'lazy'>,
): ElementDefinition {
  const top = (folds.positions[topoId.host(host)]?.y ?? box.y1) + OWNER_GAP;
  const bottom = Math.max(box.y2, top + 8);
  // A lazy graph has no tree for a folded host: its shape has the counts.
  const shape = folds.lazy?.fleet.shapes.get(host);
  const counts = shape
    ? { network: shape.networks, container: shape.containers }
    : (hostCounts(folds.topology).get(host) ?? { network: 0, container: 0 });
  return {
    group: 'nodes',
    data: {
      id: hostMarkId(host),
      host,
      label: `${counts.network} networks, ${counts.container} containers`,
      w: Math.max(box.x2 - box.x1, 8),
      h: bottom - top,
    },
    classes: folds.offline.has(host) ? 'fold hostfold offline' : 'fold hostfold',
    position: { x: (box.x1 + box.x2) / 2, y: (top + bottom) / 2 },
  };
}

/** Whether an edge stays out of the graph under `folds`: an end hidden, or a tree edge of a bare host. */
export function edgeHidden(folds: Folds, hidden: Set<string>): (edge: TopoEdge) => boolean {
  const treeHost = treeHostOf(folds.topology);
  return (edge) => {
    if (hidden.has(edge.source) || hidden.has(edge.target)) return true;
    const host = treeHost(edge);
    return host !== undefined && folds.bareHosts.has(host);
  };
}

/** Replaces the marks of `hosts` by their trees: nodes, stack marks for the stacks still folded, and the edges whose ends are both drawn. */
export function unfoldHosts(cy: Core, folds: Folds, hosts: readonly string[]): void {
  const open = new Set(hosts.filter((h) => folds.foldedHosts.has(h)));
  if (open.size === 0) return;
  // A lazy graph builds the trees now (before: the hidden nodes are read from them).
  if (folds.lazy) expandLazy(folds, open, folds.lazy);
  ensureStacks(folds);
  const before = hiddenNodes(folds);
  for (const host of open) folds.foldedHosts.delete(host);
  const hidden = hiddenNodes(folds);
  const shown = new Set([...before].filter((id) => !hidden.has(id)));
  const hostOf = hostsById(folds.topology);
  const stacks = stacksOf(folds.topology);
  const nodes = folds.topology.nodes.filter((n) => shown.has(n.id));
  const marks = [...folds.owners]
    .filter((o) => open.has(hostOf.get(o) ?? ''))
    .map((o) => markElement(o, stacks.get(o) ?? [], folds, hostOf.get(o)));
  const hide = edgeHidden(folds, hidden);
  const edges = folds.topology.edges.filter(
    (e) => (shown.has(e.source) || shown.has(e.target)) && !hide(e),
  );
  cy.batch(() => {
    for (const host of open) cy.getElementById(hostMarkId(host)).remove();
    cy.add(nodes.map((n) => nodeElement(n, folds.positions[n.id], folds.offline)));
    cy.add(marks);
    cy.add(edges.map(edgeElement));
  });
}

/** Unfolds the hosts whose box is on screen (with `margin`), once zoomed to HOST_UNFOLD_ZOOM. */
export function unfoldHostsOnScreen(cy: Core, folds: Folds, seen: (box: Box) => boolean): void {
  if (cy.zoom() < HOST_UNFOLD_ZOOM || folds.foldedHosts.size === 0) return;
  const hosts = [...folds.foldedHosts].filter((host) => {
    const box = folds.bareHosts.get(host)?.box;
    return box === undefined || seen(box);
  });
  unfoldHosts(cy, folds, hosts);
}

/** After a live update: marks of hosts still folded follow their tree (size, counts, state); hosts that left lose theirs. */
export function refreshHostMarks(cy: Core, folds: Folds): void {
  const present = new Set(folds.topology.nodes.map((n) => n.host));
  for (const host of [...folds.foldedHosts]) {
    const mark = cy.getElementById(hostMarkId(host));
    const box = folds.bareHosts.get(host)?.box;
    if (!present.has(host) || !box) {
      mark.remove();
      folds.foldedHosts.delete(host);
      continue;
    }
    const next = hostMarkElement(host, box, folds);
    if (mark.empty()) cy.add(next);
    else mark.data(next.data).position(next.position!).classes(String(next.classes));
  }
}

/** A lazy graph's whole-fleet draw (lazy-graph.ts): every host folded from its shape (box, host node, mark), and the segments; no tree built. */
export function lazyFleetDraw(
  lazy: LazyGraph,
  offline: Set<string>,
): { elements: ElementDefinition[]; folds: Folds } {
  const { fleet } = lazy;
  const hosts = fleet.hosts.map((h) => h.id);
  const folds: Folds = {
    owners: new Set(),
    bareHosts: new Map(hosts.map((h) => [h, { box: fleet.extents.get(h)!, edges: [] }])),
    foldedHosts: new Set(hosts),
    topology: fleet.topology,
    positions: fleet.positions,
    offline,
    lazy,
  };
  const marks = hosts.map((h) => hostMarkElement(h, fleet.extents.get(h)!, folds));
  return { elements: [...lazyNodeElements(lazy, offline), ...marks], folds };
}

import type { Topology } from '@underlay/core';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { CY_OPTIONS } from './cy-options';
import { offlineHosts, type Position } from './elements';
import type { Folds } from './fold-state';
import { hostBoxElements } from './host-boxes';
import { HOST_UNFOLD_ZOOM, lazyFleetDraw } from './host-folds';
import { lazyFitPoints, lazyTopology, type LazyGraph } from './lazy-graph';
import { bandOf } from './label-bands';
import { drawnElements, keepFolds, unfoldOnScreen } from './stack-folds';
import { exposeForTests } from './test-hook';
import { topologyStyle } from './topology-style';
import { expectedFitZoom, fitCapped, settleFirstView, watchViewport } from './viewport';

// A full draw (the first data, a view switch) creates the instance with all
// its elements in one `cytoscape({ elements })` call: creating it empty and
// `add`ing ~17k elements later left pans at 1–3 fps instead of 40–60
// (measured with the bench, README). The preset layout fits the view; a
// second `cy.fit()` cost another pass over every bounding box. Large fleets
// are drawn folded (stack-folds.ts, host-folds.ts): what is folded depends
// on the zoom the fit will reach in this box.

interface FirstDraw {
  elements: ElementDefinition[];
  folds: Folds | null;
  band: number;
}

/** The elements of a full draw in `container`, folded for the zoom its fit will reach, and that zoom's label band. */
function firstDraw(
  container: HTMLElement,
  topology: Topology,
  positions: Record<string, Position>,
  lazy?: LazyGraph,
): FirstDraw {
  const offline = offlineHosts(topology);
  const fitZoom = expectedFitZoom(lazy ? lazyFitPoints(lazy.fleet) : positions, {
    width: container.clientWidth,
    height: container.clientHeight,
  });
  if (lazy && fitZoom < HOST_UNFOLD_ZOOM && lazy.fleet.hosts.length > 0) {
    // The whole fleet, every host folded: no tree built (lazy-graph.ts).
    const drawn = lazyFleetDraw(lazy, offline);
    const boxes = hostBoxElements(topology, positions, offline, lazy.fleet.extents);
    performance.mark('topology:elements');
    return { elements: [...boxes, ...drawn.elements], folds: drawn.folds, band: bandOf(fitZoom) };
  }
  // Closer than the fleet zoom: every host's tree is drawn, so every tree is built.
  const whole = lazy ? expandAll(lazy) : { topology, positions };
  const drawn = drawnElements(whole.topology, whole.positions, offline, fitZoom);
  if (drawn.folds && lazy) drawn.folds.lazy = lazy;
  // Boxes first: drawn under everything else.
  const elements = [
    ...hostBoxElements(whole.topology, whole.positions, offline),
    ...drawn.elements,
  ];
  performance.mark('topology:elements');
  // The labels of the zoom the fit will reach, from the first frame.
  return { elements, folds: drawn.folds, band: bandOf(fitZoom) };
}

/** Builds every host's tree of a lazy graph (kept open for the live updates that follow). */
function expandAll(lazy: LazyGraph) {
  for (const h of lazy.fleet.hosts) lazy.open.add(h.id);
  return lazyTopology(lazy);
}

/** Taps: a node selects it (a folded mark zooms onto what it stands for, which unfolds it); the background clears. */
function wireTaps(cy: Core, select: (id: string | null) => void): void {
  cy.on('tap', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    if (node.hasClass('fold')) fitCapped(cy, node, 60);
    else select(node.id());
  });
  cy.on('tap', (event) => {
    if (event.target === cy) select(null);
  });
}

/** Unfolds what comes on screen after each viewport change, once per frame. */
function wireUnfolding(cy: Core, folds: Folds): void {
  let queued = false;
  cy.on('viewport', () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      if (!cy.destroyed()) unfoldOnScreen(cy, folds);
    });
  });
}

/** Creates the instance for a full draw: elements (folded when large), fitted by the preset layout, taps and unfolding wired. */
export function createGraph(
  container: HTMLElement,
  topology: Topology,
  positions: Record<string, Position>,
  select: (id: string | null) => void,
  lazy?: LazyGraph,
): Core {
  const { elements, folds, band } = firstDraw(container, topology, positions, lazy);
  const cy = cytoscape({
    ...CY_OPTIONS,
    style: topologyStyle(band),
    container,
    elements,
    layout: { name: 'preset', fit: elements.length > 0, padding: 30 },
  });
  settleFirstView(cy, band);
  performance.mark('topology:cytoscape');
  keepFolds(cy, folds);
  watchViewport(cy);
  exposeForTests(cy);
  wireTaps(cy, select);
  if (folds) wireUnfolding(cy, folds);
  return cy;
}

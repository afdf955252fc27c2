'use client';

import type { Topology } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef, type CSSProperties } from 'react';
import { applyDiff } from './apply-diff';
import { CY_OPTIONS } from './cy-options';
import { offlineHosts, type Position } from './elements';
import { hostBoxElements } from './host-boxes';
import { bandOf } from './label-bands';
import { topologyStyle } from './topology-style';
import { expectedFitZoom, fitCapped, refit, settleFirstView, watchViewport } from './viewport';
import { exposeForTests } from './test-hook';
import { useGraphKeys } from './use-graph-keys';
import { drawnElements, keepFolds, unfoldOnScreen } from './stack-folds';

// A small wrapper instead of an unmaintained React binding. A full draw (the
// first data, a view switch) creates the instance with all its elements in
// one `cytoscape({ elements })` call: creating it empty and `add`ing ~17k
// elements later left pans at 1–3 fps instead of 40–60 (measured with the
// bench, README). The preset layout fits the view; a second `cy.fit()` cost
// another pass over every bounding box (0.15–0.4 s at 17k elements). Large
// fleets are drawn with folded container stacks (stack-folds.ts). Later
// topologies are applied as a diff (apply-diff.ts).

export interface CytoscapeGraphProps {
  topology: Topology;
  positions: Record<string, Position>;
  resetKey: string;
  onSelect: (id: string | null) => void;
  /** Called with the instance each time one is created (first data, view switch): search, bench, tests. */
  onReady?: (cy: Core) => void;
  /** Called after every draw and every applied update, so what depends on the drawn elements (a search's matches) stays true. */
  onDrawn?: (cy: Core) => void;
  /** Size, position and look of the graph's box (any utilities, `fixed inset-0` included). */
  className?: string;
}

const EMPTY: Topology = { nodes: [], edges: [] };

// cytoscape tags the element it draws in with a class whose unlayered
// `position: relative` beats Tailwind's layered utilities (a `fixed inset-0`
// graph was once 0 px tall). So the caller's classes go on an outer box, and
// cytoscape gets an inner one that fills it in the flow (100 % of a fixed box
// or of a stretched flex item), where `position: relative` changes nothing.
const INNER: CSSProperties = { width: '100%', height: '100%' };

/** Creates the instance for a full draw: elements (folded when large), fitted by the preset layout, taps and unfolding wired. */
function createGraph(
  container: HTMLElement,
  topology: Topology,
  positions: Record<string, Position>,
  select: (id: string | null) => void,
): Core {
  const offline = offlineHosts(topology);
  const drawn = drawnElements(topology, positions, offline);
  // Boxes first: drawn under everything else.
  const elements = [...hostBoxElements(topology, positions, offline), ...drawn.elements];
  const folds = drawn.folds;
  performance.mark('topology:elements');
  // The labels of the zoom the fit will reach, from the first frame.
  const band = bandOf(
    expectedFitZoom(positions, { width: container.clientWidth, height: container.clientHeight }),
  );
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
  cy.on('tap', 'node', (event) => {
    const node = event.target as cytoscape.NodeSingular;
    // A folded stack's mark zooms onto the stack, which unfolds it.
    if (node.hasClass('fold')) fitCapped(cy, node, 60);
    else select(node.id());
  });
  cy.on('tap', (event) => {
    if (event.target === cy) select(null);
  });
  if (folds) {
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
  return cy;
}

/** Renders a topology with the canvas renderer and the perf settings of STACK.md. */
export function CytoscapeGraph({
  topology,
  positions,
  resetKey,
  onSelect,
  onReady,
  onDrawn,
  className,
}: CytoscapeGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const shown = useRef<{ topology: Topology; resetKey: string | null }>({
    topology: EMPTY,
    resetKey: null,
  });
  const select = useRef(onSelect);
  select.current = onSelect;
  const keys = useGraphKeys(cyRef, (id) => select.current(id));

  const ready = useRef(onReady);
  ready.current = onReady;
  const drawn = useRef(onDrawn);
  drawn.current = onDrawn;

  useEffect(
    () => () => {
      cyRef.current?.destroy();
      cyRef.current = null;
    },
    [],
  );

  // cytoscape re-measures its box 100 ms after a resize (debounced); a fit in
  // between (a search right after the page's layout settles) would use the old
  // size and put the match off the centre. Measure at once.
  useEffect(() => {
    const box = container.current;
    if (!box) return;
    // A graph that follows the whole fleet refits to its new size (or on coming back from the List).
    const observer = new ResizeObserver(() => {
      if (!cyRef.current) return;
      cyRef.current.resize();
      refit(cyRef.current);
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    if (!container.current) return;
    const current = cyRef.current;
    if (
      !current ||
      shown.current.resetKey !== resetKey ||
      shown.current.topology.nodes.length === 0
    ) {
      current?.destroy();
      const cy = createGraph(container.current, topology, positions, (id) => select.current(id));
      cyRef.current = cy;
      shown.current = { topology, resetKey };
      ready.current?.(cy);
      drawn.current?.(cy);
      return;
    }
    applyDiff(current, shown.current.topology, {
      topology,
      positions,
      offline: offlineHosts(topology),
    });
    shown.current = { topology, resetKey };
    refit(current);
    drawn.current?.(current);
  }, [topology, positions, resetKey]);

  return (
    // Reached with Tab (issue 19, problem 8): arrows move the selection, Enter opens it.
    <div
      className={`${className ?? ''} focus:outline-none focus-visible:ring-2 focus-visible:ring-blue-600 focus-visible:ring-offset-2`}
      data-testid="topology-canvas"
      tabIndex={0}
      role="application"
      aria-roledescription="network graph"
      aria-label="Topology graph. Arrow keys move between nodes, Enter opens the details, Escape clears the selection. The List button shows the same graph as text."
      onKeyDown={keys.onKeyDown}
    >
      <div ref={container} style={INNER} />
      <p className="sr-only" aria-live="polite" data-testid="topology-announce">
        {keys.announcement}
      </p>
    </div>
  );
}

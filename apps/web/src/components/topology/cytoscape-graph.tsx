'use client';

import type { Topology } from '@underlay/core';
import type { Core } from 'cytoscape';
import { useMemo, useRef, type CSSProperties } from 'react';
import type { Position } from './elements';
import type { LazyGraph } from './lazy-graph';
import { useGraphKeys } from './use-graph-keys';
import { useDestroyOnUnmount, useDraw, useLatest, useResizeRefit } from './use-graph-instance';

// A small wrapper instead of an unmaintained React binding: the instance is
// made by create-graph.ts (one `cytoscape({ elements })` call per full draw,
// folded for large fleets) and lives in use-graph-instance.ts (later
// topologies are applied as a diff).

export interface CytoscapeGraphProps {
  topology: Topology;
  positions: Record<string, Position>;
  /** A large fleet built lazily (use-topology.ts): `topology` is then partial. */
  lazy?: LazyGraph;
  resetKey: string;
  onSelect: (id: string | null) => void;
  /** Called with the instance each time one is created (first data, view switch): search, bench, tests. */
  onReady?: (cy: Core) => void;
  /** Called after every draw and every applied update, so what depends on the drawn elements (a search's matches) stays true. */
  onDrawn?: (cy: Core) => void;
  /** Size, position and look of the graph's box (any utilities, `fixed inset-0` included). */
  className?: string;
}

// cytoscape tags the element it draws in with a class whose unlayered
// `position: relative` beats Tailwind's layered utilities (a `fixed inset-0`
// graph was once 0 px tall). So the caller's classes go on an outer box, and
// cytoscape gets an inner one that fills it in the flow (100 % of a fixed box
// or of a stretched flex item), where `position: relative` changes nothing.
const INNER: CSSProperties = { width: '100%', height: '100%' };

/** The callbacks as refs that always hold the latest ones (effects read them without re-running). */
function useCallbacks({
  onSelect,
  onReady,
  onDrawn,
}: Pick<CytoscapeGraphProps, 'onSelect' | 'onReady' | 'onDrawn'>) {
  const select = useLatest(onSelect);
  const ready = useLatest(onReady);
  const drawn = useLatest(onDrawn);
  return useMemo(() => ({ select, ready, drawn }), [select, ready, drawn]);
}

// A fleet crossing the lazy threshold (use-topology.ts) is drawn afresh: a
// diff between a partial graph and a whole one would drop the trees of
// hosts unfolded on the other side.
const drawKey = (resetKey: string, lazy: LazyGraph | undefined): string =>
  lazy ? `${resetKey}:lazy` : resetKey;

/** Renders a topology with the canvas renderer and the perf settings of STACK.md. */
export function CytoscapeGraph({
  topology,
  positions,
  lazy,
  resetKey,
  onSelect,
  onReady,
  onDrawn,
  className,
}: CytoscapeGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const callbacks = useCallbacks({ onSelect, onReady, onDrawn });
  const keys = useGraphKeys(cyRef, (id) => callbacks.select.current(id));
  useDestroyOnUnmount(cyRef);
  useResizeRefit(container, cyRef);
  useDraw(
    container,
    cyRef,
    { topology, positions, resetKey: drawKey(resetKey, lazy), lazy },
    callbacks,
  );

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

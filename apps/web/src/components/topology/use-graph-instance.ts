import type { Topology } from '@underlay/core';
import type { Core } from 'cytoscape';
import { useEffect, useRef, type RefObject } from 'react';
import { applyDiff } from './apply-diff';
import { createGraph } from './create-graph';
import { offlineHosts, type Position } from './elements';
import { foldsOf } from './fold-state';
import type { LazyGraph } from './lazy-graph';
import { refit } from './viewport';

// The instance's life in React: created on a full draw, patched by a diff on
// live updates (apply-diff.ts), refitted when its box changes, destroyed with
// the component.

const EMPTY: Topology = { nodes: [], edges: [] };

/** A ref that always holds the latest value (callbacks read from effects without re-running them). */
export function useLatest<T>(value: T): RefObject<T> {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}

/** Destroys the instance when the component goes. */
export function useDestroyOnUnmount(cyRef: RefObject<Core | null>): void {
  useEffect(
    () => () => {
      cyRef.current?.destroy();
      cyRef.current = null;
    },
    [cyRef],
  );
}

// cytoscape re-measures its box 100 ms after a resize (debounced); a fit in
// between (a search right after the page's layout settles) would use the old
// size and put the match off the centre. Measure at once.
/** Re-measures at once on a resize, and refits a graph that follows the whole fleet. */
export function useResizeRefit(
  container: RefObject<HTMLDivElement | null>,
  cyRef: RefObject<Core | null>,
): void {
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
  }, [container, cyRef]);
}

export interface DrawInputs {
  topology: Topology;
  positions: Record<string, Position>;
  resetKey: string;
  /** A large fleet built lazily: `topology` is then partial (lazy-graph.ts). */
  lazy?: LazyGraph;
}

export interface DrawCallbacks {
  select: RefObject<(id: string | null) => void>;
  ready: RefObject<((cy: Core) => void) | undefined>;
  drawn: RefObject<((cy: Core) => void) | undefined>;
}

/** A live update as a diff from what is drawn: the folds hold it (a lazy graph's trees built since, by unfolds), else `shown`. */
function update(cy: Core, shown: Topology, { topology, positions, lazy }: DrawInputs): void {
  applyDiff(cy, foldsOf(cy)?.topology ?? shown, {
    topology,
    positions,
    offline: offlineHosts(topology),
    ...(lazy ? { lazy } : {}),
  });
}

/** Draws each new topology: a full draw on the first data or a new resetKey, a diff otherwise. */
export function useDraw(
  container: RefObject<HTMLDivElement | null>,
  cyRef: RefObject<Core | null>,
  { topology, positions, resetKey, lazy }: DrawInputs,
  callbacks: DrawCallbacks,
): void {
  const shown = useRef<{ topology: Topology; resetKey: string | null }>({
    topology: EMPTY,
    resetKey: null,
  });
  useEffect(() => {
    if (!container.current) return;
    const current = cyRef.current;
    if (
      !current ||
      shown.current.resetKey !== resetKey ||
      shown.current.topology.nodes.length === 0
    ) {
      current?.destroy();
      const cy = createGraph(
        container.current,
        topology,
        positions,
        (id) => callbacks.select.current(id),
        lazy,
      );
      cyRef.current = cy;
      shown.current = { topology, resetKey };
      callbacks.ready.current?.(cy);
      callbacks.drawn.current?.(cy);
      return;
    }
    update(current, shown.current.topology, { topology, positions, resetKey, lazy });
    shown.current = { topology, resetKey };
    refit(current);
    callbacks.drawn.current?.(current);
  }, [container, cyRef, topology, positions, resetKey, lazy, callbacks]);
}

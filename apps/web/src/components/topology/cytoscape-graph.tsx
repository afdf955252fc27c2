'use client';

import type { Topology } from '@underlay/core';
import { diffTopology } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { edgeElement, nodeClasses, nodeData, nodeElement, offlineHosts, type Position } from './elements';
import { CY_OPTIONS } from './cy-options';

// A small wrapper instead of an unmaintained React binding. A full draw (the
// first data, a view switch) creates the instance with all its elements in
// one `cytoscape({ elements })` call: creating it empty and `add`ing ~17k
// elements later left pans at 1–3 fps instead of 40–60 (measured with the
// bench, README). Later topologies are applied as a diff inside cy.batch(),
// and only added nodes take positions from the layout, so a live event never
// moves what is already on screen.

export interface CytoscapeGraphProps {
  topology: Topology;
  positions: Record<string, Position>;
  resetKey: string;
  onSelect: (id: string | null) => void;
  /** Called with the instance each time one is created (first data, view switch): search, bench, tests. */
  onReady?: (cy: Core) => void;
  /**
   * Size and look of the container. No position utilities (`fixed`,
   * `absolute`): cytoscape adds a class with an unlayered
   * `position: relative` that beats Tailwind's layered ones; wrap instead.
   */
  className?: string;
}

const EMPTY: Topology = { nodes: [], edges: [] };

/** Renders a topology with the canvas renderer and the perf settings of STACK.md. */
export function CytoscapeGraph({ topology, positions, resetKey, onSelect, onReady, className }: CytoscapeGraphProps) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const shown = useRef<{ topology: Topology; resetKey: string | null }>({ topology: EMPTY, resetKey: null });
  const select = useRef(onSelect);
  select.current = onSelect;

  const ready = useRef(onReady);
  ready.current = onReady;

  useEffect(() => () => {
    cyRef.current?.destroy();
    cyRef.current = null;
  }, []);

  useEffect(() => {
    if (!container.current) return;
    const offline = offlineHosts(topology);
    const current = cyRef.current;
    if (!current || shown.current.resetKey !== resetKey || shown.current.topology.nodes.length === 0) {
      current?.destroy();
      const elements = [...topology.nodes.map((n) => nodeElement(n, positions[n.id], offline)), ...topology.edges.map(edgeElement)];
      const cy = cytoscape({ ...CY_OPTIONS, container: container.current, elements, layout: { name: 'preset' } });
      cy.on('tap', 'node', (event) => select.current(event.target.id() as string));
      cy.on('tap', (event) => {
        if (event.target === cy) select.current(null);
      });
      if (elements.length > 0) cy.fit(undefined, 30);
      cyRef.current = cy;
      shown.current = { topology, resetKey };
      ready.current?.(cy);
      return;
    }
    const diff = diffTopology(shown.current.topology, topology);
    current.batch(() => {
      for (const id of diff.removed.edges) current.getElementById(id).remove();
      for (const id of diff.removed.nodes) current.getElementById(id).remove();
      current.add(diff.added.nodes.map((n) => nodeElement(n, positions[n.id], offline)));
      current.add(diff.added.edges.map(edgeElement));
      for (const n of diff.changed.nodes) current.getElementById(n.id).data(nodeData(n)).classes(nodeClasses(n, offline));
      // A host going offline or online changes the classes of its whole tree.
      if (diff.changed.nodes.some((n) => n.kind === 'host')) for (const n of topology.nodes) current.getElementById(n.id).classes(nodeClasses(n, offline));
    });
    shown.current = { topology, resetKey };
  }, [topology, positions, resetKey]);

  return <div ref={container} className={className} data-testid="topology-canvas" />;
}

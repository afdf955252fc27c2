'use client';

import type { Topology } from '@underlay/core';
import { diffTopology } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { edgeElement, nodeClasses, nodeData, nodeElement, offlineHosts, type Position } from './elements';
import { CY_OPTIONS } from './cy-options';

// A small wrapper instead of an unmaintained React binding: cytoscape is
// created once; each new topology is applied as a diff inside cy.batch(), and
// only added nodes take positions from the layout, so a live event never
// moves what is already on screen. A new `resetKey` (view switch) redraws.

export interface CytoscapeGraphProps {
  topology: Topology;
  positions: Record<string, Position>;
  resetKey: string;
  onSelect: (id: string | null) => void;
  /** Called with the instance once it exists (search, bench, tests). */
  onReady?: (cy: Core) => void;
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

  useEffect(() => {
    if (!container.current) return;
    const cy = cytoscape({ ...CY_OPTIONS, container: container.current, layout: { name: 'preset' } });
    cy.on('tap', 'node', (event) => select.current(event.target.id() as string));
    cy.on('tap', (event) => {
      if (event.target === cy) select.current(null);
    });
    cyRef.current = cy;
    shown.current = { topology: EMPTY, resetKey: null };
    onReady?.(cy);
    return () => {
      cy.destroy();
      cyRef.current = null;
    };
    // onReady is read once, at creation: the instance lives as long as the component.
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const reset = shown.current.resetKey !== resetKey;
    const before = reset ? EMPTY : shown.current.topology;
    // Fit on a new view and when the first data arrives (the view may have opened empty).
    const refit = before.nodes.length === 0 && topology.nodes.length > 0;
    const diff = diffTopology(before, topology);
    const offline = offlineHosts(topology);
    cy.batch(() => {
      if (reset) cy.elements().remove();
      for (const id of diff.removed.edges) cy.getElementById(id).remove();
      for (const id of diff.removed.nodes) cy.getElementById(id).remove();
      cy.add(diff.added.nodes.map((n) => nodeElement(n, positions[n.id], offline)));
      cy.add(diff.added.edges.map(edgeElement));
      for (const n of diff.changed.nodes) cy.getElementById(n.id).data(nodeData(n)).classes(nodeClasses(n, offline));
      // A host going offline or online changes the classes of its whole tree.
      if (diff.changed.nodes.some((n) => n.kind === 'host')) for (const n of topology.nodes) cy.getElementById(n.id).classes(nodeClasses(n, offline));
    });
    if (refit) {
      cy.resize(); // the flex container may have changed size since creation
      cy.fit(undefined, 30);
    }
    shown.current = { topology, resetKey };
  }, [topology, positions, resetKey]);

  return <div ref={container} className={className} data-testid="topology-canvas" />;
}

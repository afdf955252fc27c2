'use client';

import { buildTopology, layoutTopology, synthFleet } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { CY_OPTIONS } from '~/components/topology/cy-options';
import { edgeElement, nodeElement, offlineHosts } from '~/components/topology/elements';

// Measures what the topology page does, from data to pixels: synthFleet →
// buildTopology → layoutTopology → cytoscape (preset) → first frame drawn;
// then frames per second during a 3 s programmatic pan. `layout=grid` is the
// baseline (cytoscape's own grid layout on the same graph).

export interface BenchResult {
  nodes: number;
  edges: number;
  layout: string;
  modelMs: number;
  drawMs: number;
  firstDrawMs: number;
  panFps: number;
  panFrames: number;
}

declare global {
  interface Window {
    __benchRun?: (opts: { hosts: number; vlans: number; containers: number; layout: 'preset' | 'grid' }) => Promise<BenchResult>;
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** The page: an empty canvas and `window.__benchRun` for the driver. */
export function BenchTopology() {
  const host = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  useEffect(() => {
    window.__benchRun = async ({ hosts, vlans, containers, layout }) => {
      cyRef.current?.destroy();
      const started = performance.now();
      const fleet = synthFleet({ hosts, vlansPerHost: vlans, containersPerNetwork: containers });
      const topology = buildTopology(fleet, { view: 'vlan' });
      const positions = layout === 'preset' ? layoutTopology(topology) : {};
      const offline = offlineHosts(topology);
      const elements = [...topology.nodes.map((n) => nodeElement(n, positions[n.id], offline)), ...topology.edges.map(edgeElement)];
      const modelled = performance.now();
      const rendered = new Promise<void>((resolve) => {
        const cy = cytoscape({ ...CY_OPTIONS, container: host.current, elements, layout: layout === 'preset' ? { name: 'preset' } : { name: 'grid', animate: false } });
        cyRef.current = cy;
        cy.fit(undefined, 30); // as the topology page does: the whole fleet on screen
        cy.one('render', () => resolve());
      });
      await rendered;
      await frame();
      const drawn = performance.now();
      const cy = cyRef.current as Core;
      let frames = 0;
      const panStart = performance.now();
      while (performance.now() - panStart < 3000) {
        cy.panBy({ x: 4, y: 2 });
        await frame();
        frames++;
      }
      const panSeconds = (performance.now() - panStart) / 1000;
      return {
        nodes: topology.nodes.length,
        edges: topology.edges.length,
        layout,
        modelMs: Math.round(modelled - started),
        drawMs: Math.round(drawn - modelled),
        firstDrawMs: Math.round(drawn - started),
        panFps: Math.round((frames / panSeconds) * 10) / 10,
        panFrames: frames,
      };
    };
    return () => {
      cyRef.current?.destroy();
      delete window.__benchRun;
    };
  }, []);
  return <div ref={host} style={{ position: 'fixed', inset: 0 }} data-testid="bench-canvas" />;
}

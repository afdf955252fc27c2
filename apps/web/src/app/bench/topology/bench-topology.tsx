'use client';

import { buildTopology, synthFleet, type HostView } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useCallback, useEffect, useRef, useState } from 'react';
import { CY_OPTIONS } from '~/components/topology/cy-options';
import { CytoscapeGraph } from '~/components/topology/cytoscape-graph';
import { edgeElement, nodeElement, offlineHosts } from '~/components/topology/elements';
import { useTopology } from '~/components/topology/use-topology';

// Measures the topology page's own path, not a copy of it: the same
// useTopology hook (buildTopology + layoutTopology) and the same
// CytoscapeGraph component, mounted fresh for every run as when the page
// opens. "First full draw" = from handing the fleet's data to React until
// the first cytoscape `render` event after every element is in the graph,
// plus one animation frame (the pixels reach the screen). The pan that
// follows is 3 s of programmatic panBy, one step per frame.
// `grid` is the baseline: cytoscape's own grid layout on the same elements,
// created directly (no component), measured the same way.

export interface BenchResult {
  nodes: number;
  edges: number;
  layout: string;
  firstDrawMs: number;
  panFps: number;
  panFrames: number;
}

export interface BenchOptions {
  hosts: number;
  vlans: number;
  containers: number;
  layout: 'preset' | 'grid';
}

declare global {
  interface Window {
    __benchRun?: (opts: BenchOptions) => Promise<BenchResult>;
  }
}

const frame = () => new Promise<number>((resolve) => requestAnimationFrame(resolve));

/** Resolves at the first `render` event once the graph holds `count` elements. */
function drawnWith(cy: Core, count: number): Promise<void> {
  return new Promise((resolve) => {
    const onRender = () => {
      if (cy.elements().length < count) return;
      cy.off('render', onRender);
      resolve();
    };
    cy.on('render', onRender);
  });
}

async function measurePan(cy: Core): Promise<{ panFps: number; panFrames: number }> {
  let frames = 0;
  const started = performance.now();
  while (performance.now() - started < 3000) {
    cy.panBy({ x: 4, y: 2 });
    await frame();
    frames++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { panFps: Math.round((frames / seconds) * 10) / 10, panFrames: frames };
}

/** The baseline: cytoscape's grid layout on the same elements, no component. */
async function runGrid(fleet: HostView[]): Promise<BenchResult> {
  // Its own container, only for this run: nothing stacked over the component's canvas.
  const container = document.createElement('div');
  container.style.cssText = 'position:fixed;inset:0;background:white';
  document.body.append(container);
  const started = performance.now();
  const topology = buildTopology(fleet, { view: 'vlan' });
  const offline = offlineHosts(topology);
  const elements = [...topology.nodes.map((n) => nodeElement(n, undefined, offline)), ...topology.edges.map(edgeElement)];
  const cy = cytoscape({ ...CY_OPTIONS, container, elements, layout: { name: 'grid', animate: false } });
  const drawn = drawnWith(cy, elements.length);
  cy.fit(undefined, 30);
  await drawn;
  await frame();
  const firstDrawMs = Math.round(performance.now() - started);
  const pan = await measurePan(cy);
  cy.destroy();
  container.remove();
  return { nodes: topology.nodes.length, edges: topology.edges.length, layout: 'grid', firstDrawMs, ...pan };
}

interface Mounted {
  run: number;
  hosts: HostView[] | undefined;
}

/** The page: the real topology component and `window.__benchRun` for the driver. */
export function BenchTopology() {
  const [mounted, setMounted] = useState<Mounted>({ run: 0, hosts: undefined });
  const waiting = useRef<{ resolve: (cy: Core) => void } | null>(null);
  const { topology, positions } = useTopology(mounted.hosts, 'vlan');

  const onReady = useCallback((cy: Core) => {
    const w = waiting.current;
    waiting.current = null;
    w?.resolve(cy);
  }, []);

  useEffect(() => {
    let run = 0;
    window.__benchRun = async (opts) => {
      const fleet = synthFleet({ hosts: opts.hosts, vlansPerHost: opts.vlans, containersPerNetwork: opts.containers });
      if (opts.layout === 'grid') return runGrid(fleet);
      run++;
      // A fresh component, empty, as when the topology page opens.
      const created = () => new Promise<Core>((resolve) => (waiting.current = { resolve }));
      const empty = created();
      setMounted({ run, hosts: undefined });
      await empty;
      await frame();
      const expected = buildTopology(fleet, { view: 'vlan' });
      const count = expected.nodes.length + expected.edges.length;
      const full = created();
      const started = performance.now();
      setMounted({ run, hosts: fleet }); // the data arrives
      // The component creates its instance with all elements (onReady, synchronously, before any frame).
      const cy = await full;
      const drawn = drawnWith(cy, count);
      await drawn;
      await frame();
      const firstDrawMs = Math.round(performance.now() - started);
      const pan = await measurePan(cy);
      return { nodes: expected.nodes.length, edges: expected.edges.length, layout: 'preset', firstDrawMs, ...pan };
    };
    return () => {
      delete window.__benchRun;
    };
  }, []);

  // The viewport-sized box is a wrapper, not the component's own class:
  // cytoscape tags its container with a class whose unlayered
  // `position: relative` beats Tailwind's layered `.fixed`, so `fixed inset-0`
  // on the container left it 0 px tall (pans then ran at 8–16 fps, README).
  return (
    <div className="fixed inset-0">
      <CytoscapeGraph
        key={mounted.run}
        topology={topology}
        positions={positions}
        resetKey="vlan"
        onSelect={() => undefined}
        onReady={onReady}
        className="h-full w-full"
      />
    </div>
  );
}

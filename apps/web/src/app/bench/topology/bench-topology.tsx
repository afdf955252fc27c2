'use client';

import { buildTopology, synthFleet, type HostView } from '@underlay/core';
import cytoscape, { type Core } from 'cytoscape';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CY_OPTIONS } from '~/components/topology/cy-options';
import { CytoscapeGraph } from '~/components/topology/cytoscape-graph';
import { edgeElement, nodeElement, offlineHosts } from '~/components/topology/elements';
import { useTopology } from '~/components/topology/use-topology';

// Measures the topology page's own path, not a copy of it: the same
// useTopology hook (buildTopology + layoutTopology; above 1,500 containers
// core's lazy layoutFleet, whose time the "build" phase then shows) and the same
// CytoscapeGraph component, mounted fresh for every run as when the page
// opens. "First full draw" = from handing the fleet's data to React until
// the first cytoscape `render` event after every element is in the graph,
// plus one animation frame (the pixels reach the screen), split into phases
// by the component's performance marks. The pan that follows is 3 s of
// programmatic panBy, one step per frame; then a zoom to 1:1 on the middle of
// the graph, timed until drawn (with folded stacks, that unfolds the stacks
// on screen: the cost a user pays for the containers of a large fleet).
// `grid` is the baseline: cytoscape's own grid layout on the same elements,
// created directly (no component), measured the same way.

export interface BenchResult {
  nodes: number;
  edges: number;
  /** Elements in the first draw (fewer than nodes + edges when container stacks are folded). */
  drawn: number;
  /** Phases of the first draw, ms: build, layout, react+elements, cytoscape (construction, style, fit), render (to the first frame). */
  phases: Record<string, number>;
  /** Share of the drawn nodes inside the view after the first draw, %: a full draw shows the whole fleet (100). */
  onScreen: number;
  /** Zoom of the first draw. */
  zoom: number;
  /** Zoom to 1:1 after the pan, until drawn; elements after it. */
  zoomInMs: number;
  zoomedElements: number;
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

/** Share of the nodes whose centre is in the view, % (and the zoom): measured before the pan moves it. */
function coverage(cy: Core): { onScreen: number; zoom: number } {
  const { x1, x2, y1, y2 } = cy.extent();
  const nodes = cy.nodes();
  const inside = nodes.filter((n) => {
    const { x, y } = n.position();
    return x >= x1 && x <= x2 && y >= y1 && y <= y2;
  }).length;
  return {
    onScreen: Math.round((inside / Math.max(1, nodes.length)) * 1000) / 10,
    zoom: Math.round(cy.zoom() * 1000) / 1000,
  };
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

/** Zooms to 1:1 on the middle of the graph; ms until two frames are drawn (unfolding runs in the first). */
async function measureZoomIn(cy: Core): Promise<{ zoomInMs: number; zoomedElements: number }> {
  const { x1, x2, y1, y2 } = cy.elements().boundingBox();
  const started = performance.now();
  // The point goes to the canvas' centre: the middle of the fleet, at the containers' height.
  const at = { x: (x1 + x2) / 2, y: y1 + (y2 - y1) * 0.8 };
  cy.viewport({ zoom: 1, pan: { x: cy.width() / 2 - at.x, y: cy.height() / 2 - at.y } });
  await frame();
  await frame();
  return {
    zoomInMs: Math.round(performance.now() - started),
    zoomedElements: cy.elements().length,
  };
}

const PHASES = [
  ['build', 'topology:built'],
  ['layout', 'topology:laid-out'],
  ['react+elements', 'topology:elements'],
  ['cytoscape', 'topology:cytoscape'],
] as const;

/** The component's performance marks since `started`, as the time each phase took. */
function phasesSince(started: number, drawnAt: number): Record<string, number> {
  const phases: Record<string, number> = {};
  let previous = started;
  for (const [phase, mark] of PHASES) {
    const at = performance
      .getEntriesByName(mark, 'mark')
      .findLast((m) => m.startTime >= started)?.startTime;
    if (at === undefined) continue;
    phases[phase] = Math.round(at - previous);
    previous = at;
  }
  phases.render = Math.round(drawnAt - previous);
  return phases;
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
  const elements = [
    ...topology.nodes.map((n) => nodeElement(n, undefined, offline)),
    ...topology.edges.map(edgeElement),
  ];
  const cy = cytoscape({
    ...CY_OPTIONS,
    container,
    elements,
    layout: { name: 'grid', animate: false },
  });
  const drawn = drawnWith(cy, elements.length);
  cy.fit(undefined, 30);
  await drawn;
  await frame();
  const firstDrawMs = Math.round(performance.now() - started);
  const seen = coverage(cy);
  const pan = await measurePan(cy);
  const zoom = await measureZoomIn(cy);
  cy.destroy();
  container.remove();
  return {
    nodes: topology.nodes.length,
    edges: topology.edges.length,
    drawn: elements.length,
    phases: {},
    layout: 'grid',
    firstDrawMs,
    ...seen,
    ...pan,
    ...zoom,
  };
}

interface Mounted {
  run: number;
  hosts: HostView[] | undefined;
}

/** What a component run needs from the page: remount the graph with new data, and wait for its next instance. */
interface Stage {
  mount: (mounted: Mounted) => void;
  nextInstance: () => Promise<Core>;
}

/** One component run: an empty fresh component, then the fleet's data, timed to the first full draw; then pan and zoom. */
async function runComponent(fleet: HostView[], run: number, stage: Stage): Promise<BenchResult> {
  // A fresh component, empty, as when the topology page opens.
  const empty = stage.nextInstance();
  stage.mount({ run, hosts: undefined });
  await empty;
  await frame();
  const expected = buildTopology(fleet, { view: 'vlan' });
  const full = stage.nextInstance();
  const started = performance.now();
  stage.mount({ run, hosts: fleet }); // the data arrives
  // The component creates its instance with all elements (onReady, synchronously, before any frame).
  const cy = await full;
  const drawn = cy.elements().length;
  await drawnWith(cy, drawn);
  await frame();
  const drawnAt = performance.now();
  const firstDrawMs = Math.round(drawnAt - started);
  const phases = phasesSince(started, drawnAt);
  const seen = coverage(cy);
  const pan = await measurePan(cy);
  const zoom = await measureZoomIn(cy);
  return {
    nodes: expected.nodes.length,
    edges: expected.edges.length,
    drawn,
    phases,
    layout: 'preset',
    firstDrawMs,
    ...seen,
    ...pan,
    ...zoom,
  };
}

/** Installs `window.__benchRun` for the driver while the page is mounted. */
function useBenchRun(stage: Stage): void {
  useEffect(() => {
    let run = 0;
    window.__benchRun = async (opts) => {
      const fleet = synthFleet({
        hosts: opts.hosts,
        vlansPerHost: opts.vlans,
        containersPerNetwork: opts.containers,
      });
      if (opts.layout === 'grid') return runGrid(fleet);
      run++;
      return runComponent(fleet, run, stage);
    };
    return () => {
      delete window.__benchRun;
    };
  }, [stage]);
}

/** The page: the real topology component and `window.__benchRun` for the driver. */
export function BenchTopology() {
  const [mounted, setMounted] = useState<Mounted>({ run: 0, hosts: undefined });
  const waiting = useRef<{ resolve: (cy: Core) => void } | null>(null);
  const { topology, positions, lazy } = useTopology(mounted.hosts, 'vlan');

  const onReady = useCallback((cy: Core) => {
    const w = waiting.current;
    waiting.current = null;
    w?.resolve(cy);
  }, []);
  const stage = useMemo<Stage>(
    () => ({
      mount: setMounted,
      nextInstance: () => new Promise<Core>((resolve) => (waiting.current = { resolve })),
    }),
    [],
  );
  useBenchRun(stage);

  return (
    <CytoscapeGraph
      key={mounted.run}
      topology={topology}
      positions={positions}
      lazy={lazy}
      resetKey="vlan"
      onSelect={() => undefined}
      onReady={onReady}
      className="fixed inset-0"
    />
  );
}

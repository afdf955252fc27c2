'use client';

import { buildTopology, layoutTopology, type HostView, type TopoView, type Topology } from '@underlay/core';
import { useMemo } from 'react';
import type { Position } from './elements';

// The performance marks (here and in cytoscape-graph.tsx) split a full draw
// into its phases in DevTools' timeline and in the rendering benchmark.
/** core's graph and layered positions for a fleet and a view. */
export function useTopology(hosts: HostView[] | undefined, view: TopoView): { topology: Topology; positions: Record<string, Position> } {
  return useMemo(() => {
    const topology = buildTopology(hosts ?? [], { view });
    performance.mark('topology:built');
    const positions = layoutTopology(topology);
    performance.mark('topology:laid-out');
    return { topology, positions };
  }, [hosts, view]);
}

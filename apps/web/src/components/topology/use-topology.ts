'use client';

import {
  buildTopology,
  layoutTopology,
  type HostView,
  type TopoView,
  type Topology,
} from '@underlay/core';
import { useMemo } from 'react';
import type { Position } from './elements';

// Rows for a 16:10 screen: a large fleet in one row is a strip that a fit
// can only show at the minimum zoom, and only in part (50 hosts × 20
// networks: 160,000 px wide, 1,500 px tall). Small fleets keep one row
// (core's RIBBON), so the lab's drawing does not change.
const SCREEN_ASPECT = 16 / 10;

// The performance marks (here and in cytoscape-graph.tsx) split a full draw
// into its phases in DevTools' timeline and in the rendering benchmark.
/** core's graph and layered positions for a fleet and a view. */
export function useTopology(
  hosts: HostView[] | undefined,
  view: TopoView,
): { topology: Topology; positions: Record<string, Position> } {
  return useMemo(() => {
    const topology = buildTopology(hosts ?? [], { view });
    performance.mark('topology:built');
    const positions = layoutTopology(topology, { aspect: SCREEN_ASPECT });
    performance.mark('topology:laid-out');
    return { topology, positions };
  }, [hosts, view]);
}

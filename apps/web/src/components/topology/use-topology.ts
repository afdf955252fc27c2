'use client';

import { buildTopology, layoutTopology, type HostView, type TopoView, type Topology } from '@underlay/core';
import { useMemo } from 'react';
import type { Position } from './elements';

/** core's graph and layered positions for a fleet and a view. */
export function useTopology(hosts: HostView[] | undefined, view: TopoView): { topology: Topology; positions: Record<string, Position> } {
  return useMemo(() => {
    const topology = buildTopology(hosts ?? [], { view });
    return { topology, positions: layoutTopology(topology) };
  }, [hosts, view]);
}

'use client';

import {
  buildTopology,
  layoutFleet,
  layoutTopology,
  type HostView,
  type TopoView,
  type Topology,
} from '@underlay/core';
import { useMemo, useRef } from 'react';
import type { Position } from './elements';
import { lazyTopology, type LazyGraph } from './lazy-graph';
import { FOLD_ABOVE } from './stack-folds';

// Rows for a 16:10 screen: a large fleet in one row is a strip that a fit
// can only show at the minimum zoom, and only in part (50 hosts × 20
// networks: 160,000 px wide, 1,500 px tall). Small fleets keep one row
// (core's RIBBON), so the lab's drawing does not change.
const SCREEN_ASPECT = 16 / 10;

/** What the page draws: core's graph and positions; for a large fleet, a partial graph and what builds the rest (lazy-graph.ts). */
export interface TopologyGraph {
  topology: Topology;
  positions: Record<string, Position>;
  lazy?: LazyGraph;
}

// A large fleet (its containers folded into stacks anyway) By VLAN or By
// host is laid out from its hosts' shapes and its trees are built as hosts
// unfold (issue 19): at 500 hosts the whole build was most of the first draw.
// By subnet has no host trees: always built whole.
const lazyFor = (hosts: HostView[], view: TopoView): boolean =>
  view !== 'subnet' &&
  hosts.reduce(
    (n, h) => n + Math.max(h.snapshot.containers.length, h.snapshot.endpoints.length),
    0,
  ) > FOLD_ABOVE;

/** The hosts unfolded so far, kept across live updates of one view (a host that joins comes unfolded, as before). */
function useOpenHosts(hosts: HostView[] | undefined, view: TopoView): Set<string> {
  const kept = useRef<{ view: TopoView; open: Set<string>; known: Set<string> } | null>(null);
  const ids = (hosts ?? []).map((h) => h.id);
  // A new view, or no data (a fresh page, the bench's remount): nothing unfolded.
  if (!kept.current || kept.current.view !== view || ids.length === 0)
    kept.current = { view, open: new Set(), known: new Set() };
  const { open, known } = kept.current;
  if (known.size > 0) for (const id of ids) if (!known.has(id)) open.add(id);
  for (const id of ids) known.add(id);
  return open;
}

// The performance marks (here and in cytoscape-graph.tsx) split a full draw
// into its phases in DevTools' timeline and in the rendering benchmark; on
// the lazy path "built" is core's layoutFleet (shapes and placement) and
// "laid out" what builds the trees already open.
/** core's graph and layered positions for a fleet and a view. */
export function useTopology(hosts: HostView[] | undefined, view: TopoView): TopologyGraph {
  const open = useOpenHosts(hosts, view);
  return useMemo(() => {
    if (hosts && lazyFor(hosts, view)) {
      const fleet = layoutFleet(hosts, {
        view: view === 'host' ? 'host' : 'vlan',
        aspect: SCREEN_ASPECT,
      });
      performance.mark('topology:built');
      const lazy = { fleet, open };
      const graph = { ...lazyTopology(lazy), lazy };
      performance.mark('topology:laid-out');
      return graph;
    }
    const topology = buildTopology(hosts ?? [], { view });
    performance.mark('topology:built');
    const positions = layoutTopology(topology, { aspect: SCREEN_ASPECT });
    performance.mark('topology:laid-out');
    return { topology, positions };
  }, [hosts, view, open]);
}

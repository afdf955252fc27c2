import type { Topology } from '@underlay/core';
import type { Core, ElementDefinition } from 'cytoscape';
import type { Position } from './elements';
import type { LazyGraph } from './lazy-graph';

// Each host's tree sits on a pale box of its own, so which host a node belongs
// to reads from the picture (and a test can check it: every node of a host
// inside that host's box). A plain node sized from the layout, not a cytoscape
// compound parent: a compound re-measures its bounds on every child move and
// costs per child on every frame, where one extra node per host costs nothing.
// The padding holds the widest shape (a host, 46 × 22) and the labels under
// the bottom row (at most 14 px at the zoom they are drawn from, label-lod.ts).

const PAD = { x: 70, top: 30, bottom: 44 };

/** The id of the box drawn behind `host`'s tree. */
export const hostBoxId = (host: string): string => `hostbox:${host}`;

interface Extent {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

/** Model extent (node centres) of the nodes of each host that has a host node. */
function extents(topology: Topology, positions: Record<string, Position>): Map<string, Extent> {
  const hosts = new Set(
    topology.nodes.flatMap((n) => (n.kind === 'host' && n.host !== undefined ? [n.host] : [])),
  );
  const out = new Map<string, Extent>();
  for (const n of topology.nodes) {
    const p = positions[n.id];
    if (n.host === undefined || !hosts.has(n.host) || !p) continue;
    // Grown in place: a new object per node is an allocation per node of the fleet.
    const e = out.get(n.host);
    if (!e) {
      out.set(n.host, { x1: p.x, x2: p.x, y1: p.y, y2: p.y });
      continue;
    }
    e.x1 = Math.min(e.x1, p.x);
    e.x2 = Math.max(e.x2, p.x);
    e.y1 = Math.min(e.y1, p.y);
    e.y2 = Math.max(e.y2, p.y);
  }
  return out;
}

/** The box elements, one per host with a host node (the By subnet view has none); a lazy graph gives the hosts' extents (`given`). */
export function hostBoxElements(
  topology: Topology,
  positions: Record<string, Position>,
  offline: Set<string>,
  given?: Map<string, Extent>,
): ElementDefinition[] {
  return [...(given ?? extents(topology, positions))].map(([host, e]) => {
    const x1 = e.x1 - PAD.x;
    const x2 = e.x2 + PAD.x;
    const y1 = e.y1 - PAD.top;
    const y2 = e.y2 + PAD.bottom;
    return {
      group: 'nodes',
      data: { id: hostBoxId(host), host, w: x2 - x1, h: y2 - y1 },
      classes: offline.has(host) ? 'hostbox offline' : 'hostbox',
      position: { x: (x1 + x2) / 2, y: (y1 + y2) / 2 },
      selectable: false,
      grabbable: false,
    };
  });
}

/** Brings the boxes in line with a new layout: new hosts get one, gone hosts lose theirs, the rest are resized and moved. */
export function refreshHostBoxes(
  cy: Core,
  next: {
    topology: Topology;
    positions: Record<string, Position>;
    offline: Set<string>;
    lazy?: LazyGraph;
  },
): void {
  const boxes = hostBoxElements(
    next.topology,
    next.positions,
    next.offline,
    next.lazy?.fleet.extents,
  );
  const keep = new Set(boxes.map((b) => b.data.id));
  cy.nodes('.hostbox')
    .filter((n) => !keep.has(n.id()))
    .remove();
  for (const box of boxes) {
    const drawn = cy.getElementById(box.data.id ?? '');
    if (drawn.empty()) cy.add(box);
    else drawn.data(box.data).position(box.position!).classes(String(box.classes));
  }
}

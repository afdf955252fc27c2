import type { Topology } from '@underlay/core';
import type { Core } from 'cytoscape';
import type { Position } from './elements';

// A live change that adds or removes a tree node (a network, a VLAN, a host)
// shifts the columns of every host to its right, and a kind that appears or
// goes away shifts the layers. Only moving the added nodes put a new network
// of host-a exactly on host-b's old nodes (issue 19, problem 1). The layout is
// deterministic and cheap (O(n log n)), so the whole of it is recomputed and
// only the nodes whose place changed are moved: a container connected under a
// stack moves nothing, a network added to the last host moves nothing of the
// others. The view (zoom, pan) stays where the user put it.

/** Moves every drawn node of `topology` whose laid-out position differs from where it stands; returns how many moved. */
export function moveToLayout(
  cy: Core,
  topology: Topology,
  positions: Record<string, Position>,
): number {
  let moved = 0;
  for (const n of topology.nodes) {
    const want = positions[n.id];
    const node = cy.getElementById(n.id);
    if (!want || node.empty()) continue;
    const at = node.position();
    if (at.x === want.x && at.y === want.y) continue;
    node.position({ x: want.x, y: want.y });
    moved++;
  }
  return moved;
}

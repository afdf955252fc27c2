import { diffTopology, type Topology } from '@underlay/core';
import type { Core } from 'cytoscape';
import {
  edgeClasses,
  edgeData,
  edgeElement,
  nodeClasses,
  nodeData,
  nodeElement,
  type Position,
} from './elements';
import { refreshHostBoxes } from './host-boxes';
import type { LazyGraph } from './lazy-graph';
import { moveToLayout } from './relayout';
import { hiddenNodes } from './fold-state';
import { foldedEdges, foldsOf, refreshFolds } from './stack-folds';

// Live updates patch the graph inside one cy.batch() instead of redrawing it:
// added nodes take their place from the new layout, and nodes already drawn
// move to theirs when the change shifted them (relayout.ts), so a new
// network never lands on another host's nodes. Containers of a folded stack,
// and everything under a folded host, stay out of the graph (their mark's
// count follows) until unfolded, and so do new tree edges of a host whose
// tree is not drawn yet.

/** Applies the difference between the drawn topology and the next one to `cy`. */
export function applyDiff(
  cy: Core,
  shown: Topology,
  next: {
    topology: Topology;
    positions: Record<string, Position>;
    offline: Set<string>;
    lazy?: LazyGraph;
  },
): void {
  const { topology, positions, offline } = next;
  const diff = diffTopology(shown, topology);
  const folds = foldsOf(cy);
  const hidden = folds ? hiddenNodes({ ...folds, topology }) : new Set<string>();
  const edgeFolded = folds ? foldedEdges(folds, topology) : () => false;
  cy.batch(() => {
    for (const id of diff.removed.edges) cy.getElementById(id).remove();
    for (const id of diff.removed.nodes) cy.getElementById(id).remove();
    cy.add(
      diff.added.nodes
        .filter((n) => !hidden.has(n.id))
        .map((n) => nodeElement(n, positions[n.id], offline)),
    );
    cy.add(diff.added.edges.filter((e) => !edgeFolded(e)).map(edgeElement));
    for (const n of diff.changed.nodes)
      cy.getElementById(n.id).data(nodeData(n)).classes(nodeClasses(n, offline));
    // A route edge changes when its next hop does or the drift check finds it gone.
    for (const e of diff.changed.edges)
      cy.getElementById(e.id).data(edgeData(e)).classes(edgeClasses(e));
    // A host going offline or online changes the classes of its whole tree.
    if (diff.changed.nodes.some((n) => n.kind === 'host'))
      for (const n of topology.nodes) cy.getElementById(n.id).classes(nodeClasses(n, offline));
    moveToLayout(cy, topology, positions);
    refreshHostBoxes(cy, next);
  });
  if (folds) refreshFolds(cy, folds, next);
}

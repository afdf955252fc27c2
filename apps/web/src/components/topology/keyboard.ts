import type { Core, NodeSingular } from 'cytoscape';

// The canvas by keyboard (issue 19, problem 8): arrow keys move the selection
// to the nearest node in that direction, as spatial navigation on a TV or a
// map does; Enter opens the selected node's details. Host boxes and folded
// stacks are not stops (a stack unfolds when the view zooms onto it).

export type Direction = 'left' | 'right' | 'up' | 'down';

const KEYS: Record<string, Direction> = {
  ArrowLeft: 'left',
  ArrowRight: 'right',
  ArrowUp: 'up',
  ArrowDown: 'down',
};

/** The direction an arrow key asks for (undefined for any other key). */
export const directionOf = (key: string): Direction | undefined => KEYS[key];

const stops = (cy: Core): NodeSingular[] =>
  cy.nodes().not('.hostbox, .fold').toArray() as NodeSingular[];

/** The first stop: the top-left node (the first host). */
function firstStop(nodes: NodeSingular[]): NodeSingular | undefined {
  let best: NodeSingular | undefined;
  for (const n of nodes) {
    const p = n.position();
    const b = best?.position();
    if (!b || p.y < b.y || (p.y === b.y && p.x < b.x)) best = n;
  }
  return best;
}

/** The node an arrow press lands on: ahead in `direction`, nearest with sideways distance counted double. */
export function nextNode(
  cy: Core,
  from: NodeSingular | undefined,
  direction: Direction,
): NodeSingular | undefined {
  const nodes = stops(cy);
  if (!from || from.removed()) return firstStop(nodes);
  const p = from.position();
  const horizontal = direction === 'left' || direction === 'right';
  const sign = direction === 'right' || direction === 'down' ? 1 : -1;
  let best: NodeSingular | undefined;
  let bestScore = Infinity;
  for (const n of nodes) {
    const q = n.position();
    const [along, across] = horizontal
      ? [sign * (q.x - p.x), q.y - p.y]
      : [sign * (q.y - p.y), q.x - p.x];
    if (along <= 0 || n.same(from)) continue;
    const score = along + 2 * Math.abs(across);
    if (score < bestScore) [best, bestScore] = [n, score];
  }
  return best;
}

/** Selects `node` alone and brings it into the view when it is off screen. */
export function selectByKey(cy: Core, node: NodeSingular): void {
  cy.$(':selected').unselect();
  node.select();
  const { x, y } = node.position();
  const e = cy.extent();
  if (x < e.x1 || x > e.x2 || y < e.y1 || y > e.y2) cy.center(node);
}

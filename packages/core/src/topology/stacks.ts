import { treeOf } from './layout-tree';
import type { Topology } from './types';

// The layout draws containers as a vertical stack under one node (the source
// of their first hierarchy edge). The dashboard folds a large fleet's stacks
// into one mark each until zoomed in, and needs the same grouping the layout
// used, so it comes from the same tree rather than a second copy of the rule.
/** Container ids per stack owner (subnet, network or host), in stack order (top first). */
export function containerStacks(graph: Topology): Map<string, string[]> {
  return treeOf(graph).stacks;
}

import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import { keepFolds, type Folds } from '../../src/components/topology/fold-state';

/** The canvas size the level-of-detail tests assume (the bench's too). */
export const SCREEN = { width: 1280, height: 800 };

// The topology tests check the graph the page would hand cytoscape, on a real
// cytoscape without a renderer. Headless cytoscape has no container and so no
// size; the tests that look at what is on screen give it one.
/** A headless cytoscape holding `elements` at their preset positions, sized and keeping `folds` if given. */
export function headlessCy(
  elements: ElementDefinition[],
  opts: { size?: { width: number; height: number }; folds?: Folds | null } = {},
): Core {
  const cy = cytoscape({
    headless: true,
    styleEnabled: false,
    elements,
    layout: { name: 'preset', fit: false },
  });
  const { size } = opts;
  if (size) Object.assign(cy, { width: () => size.width, height: () => size.height });
  if (opts.folds !== undefined) keepFolds(cy, opts.folds);
  return cy;
}

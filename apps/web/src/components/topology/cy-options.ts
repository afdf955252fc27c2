import type { CytoscapeOptions } from 'cytoscape';
import { bandOf } from './label-bands';
import { topologyStyle } from './topology-style';

// Renderer settings for thousands of elements (STACK.md, in order of effect):
// haystack edges (in the style), no edges/labels while the viewport moves, a
// texture while panning, no motion blur or box selection. Canvas renderer.

/** Options shared by the topology page and the benchmark. */
export const CY_OPTIONS: CytoscapeOptions = {
  // The labels of zoom 1; the page picks those of the zoom it fits to (viewport.ts).
  style: topologyStyle(bandOf(1)),
  hideEdgesOnViewport: true,
  hideLabelsOnViewport: true,
  textureOnViewport: true,
  motionBlur: false,
  boxSelectionEnabled: false,
  selectionType: 'single',
  minZoom: 0.02,
  maxZoom: 4,
  wheelSensitivity: 0.3,
};

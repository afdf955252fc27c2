import type { CytoscapeOptions } from 'cytoscape';
import { TOPOLOGY_STYLE } from './topology-style';

// Renderer settings for thousands of elements (STACK.md, in order of effect):
// haystack edges (in the style), no edges/labels while the viewport moves, a
// texture while panning, no motion blur or box selection. Canvas renderer.

/** Options shared by the topology page and the benchmark. */
export const CY_OPTIONS: CytoscapeOptions = {
  style: TOPOLOGY_STYLE,
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

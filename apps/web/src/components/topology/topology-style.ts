import type { StylesheetJson } from 'cytoscape';
import { labelFontSize, labelsFrom, MIN_LABEL_PX, type LabelClass } from './label-bands';

// Styles per node kind. L3 networks (and their subnets, routed segments) are
// hexagons in violet (L2: green circles); isolated (internal or dummy)
// networks get a dotted amber ring; degraded or drifting elements a red ring;
// offline hosts' trees are faded. Perf tips (STACK.md): class selectors,
// solid haystack edges. A folded stack of containers (stack-folds.ts) is one
// grey bar as tall as the stack; a folded host (host-folds.ts) one pale block. Labels come last, per zoom band
// (label-bands.ts): which classes carry one, and the font size that keeps
// them 11–14 px on screen.

const SHAPES: StylesheetJson = [
  {
    selector: 'node',
    style: {
      width: 14,
      height: 14,
      'background-color': '#64748b',
      'border-width': 0,
      color: '#334155',
      'text-valign': 'bottom',
      'text-margin-y': 2,
      'text-wrap': 'ellipsis',
      'min-zoomed-font-size': MIN_LABEL_PX,
    },
  },
  // A host's box (host-boxes.ts): under everything, taps go through it.
  {
    selector: '.hostbox',
    style: {
      shape: 'round-rectangle',
      width: 'data(w)',
      height: 'data(h)',
      'background-color': '#f1f5f9',
      'border-width': 1,
      'border-color': '#cbd5e1',
      'z-compound-depth': 'bottom',
      events: 'no',
    },
  },
  {
    selector: '.host',
    style: {
      shape: 'round-rectangle',
      width: 46,
      height: 22,
      'background-color': '#0f172a',
      'font-weight': 'bold',
    },
  },
  {
    selector: '.parent',
    style: { shape: 'rectangle', width: 18, height: 12, 'background-color': '#475569' },
  },
  {
    selector: '.vlan',
    style: { shape: 'diamond', width: 16, height: 16, 'background-color': '#2563eb' },
  },
  {
    selector: '.segment',
    style: {
      shape: 'round-rectangle',
      width: 70,
      height: 16,
      'background-color': '#1d4ed8',
      color: '#1e3a8a',
    },
  },
  {
    selector: '.network',
    style: { shape: 'ellipse', width: 18, height: 18, 'background-color': '#059669' },
  },
  {
    selector: '.subnet',
    style: { shape: 'tag', width: 16, height: 12, 'background-color': '#0891b2' },
  },
  { selector: '.l3', style: { shape: 'hexagon', 'background-color': '#7c3aed' } },
  // The name under the node, centred: a fit on a match (search, Enter) then centres the node itself (a label on the right shifted it off the centre that e2e clicks).
  {
    selector: '.container',
    style: { width: 8, height: 8, 'background-color': '#94a3b8' },
  },
  // No label: a mark unfolds (zoom 0.25) before a label could be read (0.8), and 1,000 unread labels cost 10–20 % of the first draw.
  {
    selector: '.fold',
    style: { shape: 'round-rectangle', width: 8, height: 'data(h)', 'background-color': '#94a3b8' },
  },
  // A folded host (host-folds.ts): one pale block over the area of its tree, no label (the host node above it has one).
  {
    selector: '.hostfold',
    style: { width: 'data(w)', 'background-color': '#cbd5e1' },
  },
  {
    selector: '.isolated',
    style: { 'border-width': 3, 'border-style': 'dotted', 'border-color': '#f59e0b' },
  },
  {
    selector: '.degraded, .drift',
    style: { 'border-width': 3, 'border-style': 'solid', 'border-color': '#dc2626' },
  },
  { selector: '.offline', style: { opacity: 0.35, 'background-color': '#9ca3af' } },
  { selector: '.hostbox.offline', style: { opacity: 0.5, 'background-color': '#f1f5f9' } },
  {
    selector: 'node:selected',
    style: { 'border-width': 4, 'border-color': '#f43f5e', 'border-style': 'solid' },
  },
  {
    selector: 'node.match',
    style: { 'border-width': 4, 'border-color': '#f43f5e', 'border-style': 'solid', 'z-index': 10 },
  },
  { selector: '.dim', style: { opacity: 0.12 } },
  {
    selector: 'edge',
    style: {
      width: 1,
      'line-color': '#cbd5e1',
      'curve-style': 'haystack',
      'haystack-radius': 0,
      events: 'no',
    },
  },
  { selector: 'edge.trunk', style: { width: 2, 'line-color': '#3b82f6' } },
  { selector: 'edge.endpoint', style: { 'line-color': '#94a3b8' } },
  // Distributed L3 routes cross between host trees: few, so they get arrows and a label.
  {
    selector: 'edge.route',
    style: {
      width: 2,
      'line-color': '#7c3aed',
      'line-style': 'dashed',
      'curve-style': 'straight',
      'target-arrow-shape': 'triangle',
      'target-arrow-color': '#7c3aed',
      color: '#5b21b6',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
  {
    selector: 'edge.route.missing',
    style: { 'line-color': '#dc2626', 'target-arrow-color': '#dc2626' },
  },
];

/** A class's label: its name, cut with an ellipsis at the room it has (model units). */
const labelRule = (cls: LabelClass, fontSize: number): StylesheetJson[number] => ({
  selector: cls === 'route' ? 'edge.route' : `.${cls}`,
  style: {
    label: 'data(label)',
    'font-size': fontSize,
    'text-max-width': cls === 'host' ? '260' : '150',
  },
});

/** The whole stylesheet for one zoom band: shapes, then the labels drawn in that band. */
export function topologyStyle(band: number): StylesheetJson {
  const fontSize = labelFontSize(band);
  return [
    ...SHAPES,
    ...labelsFrom(band).map((cls) => labelRule(cls, fontSize)),
    // What the user picked or searched for is named at any zoom.
    {
      selector: 'node:selected, node.match',
      style: { label: 'data(label)', 'font-size': fontSize, 'text-max-width': '260' },
    },
  ];
}

import type { Core, NodeCollection } from 'cytoscape';
import { bandOf } from './label-bands';
import type { Position } from './elements';
import { topologyStyle } from './topology-style';

// The view's zoom decides the labels (label-bands.ts), so whatever changes the
// zoom ends here. Programmatic fits restyle at once (nothing hides labels
// then); zooms by wheel or pinch restyle once the gesture has rested
// (cytoscape hides labels while the viewport moves, hideLabelsOnViewport).
// A fit never zooms past FIT_MAX_ZOOM: an empty or two-node fleet once filled
// the canvas with oversized labels. Until the user pans or zooms, the
// view keeps following the whole graph as live changes grow it.

/** The highest zoom a fit goes to. */
export const FIT_MAX_ZOOM = 1.25;
const BAND = 'underlay.labelBand';
const FOLLOW = 'underlay.followFit';
/** Quiet time after the last zoom event of a gesture before labels are restyled. */
const SETTLE_MS = 120;

/** Restyles the labels for the current zoom band, when it changed. */
export function applyLabelBand(cy: Core): void {
  const band = bandOf(cy.zoom());
  if (cy.scratch(BAND) === band) return;
  cy.scratch(BAND, band);
  cy.style().fromJson(topologyStyle(band)).update();
}

/** The band whose stylesheet an instance is created with (its labels are then right from the first frame). */
export function markLabelBand(cy: Core, band: number): void {
  cy.scratch(BAND, band);
}

/** Fits `eles` (default: everything) with `padding`, never past FIT_MAX_ZOOM; `follow`: keep fitting the whole graph on live changes. */
export function fitCapped(cy: Core, eles?: NodeCollection, padding = 30, follow = false): void {
  cy.fit(eles, padding);
  if (cy.zoom() > FIT_MAX_ZOOM) {
    cy.zoom(FIT_MAX_ZOOM);
    centerBodies(cy, eles);
  }
  cy.scratch(FOLLOW, follow);
  applyLabelBand(cy);
}

// cy.center() centres the bounding box with the labels, which hang below a
// node: at a capped zoom a small node (a container found by search) then sat
// off the canvas' centre, where a user's (and the browser suite's) click goes.
/** Pans so that the nodes' own boxes, labels left out, are in the middle of the canvas. */
function centerBodies(cy: Core, eles?: NodeCollection): void {
  const box = (eles ?? cy.elements()).boundingBox({ includeLabels: false, includeOverlays: false });
  const zoom = cy.zoom();
  cy.pan({
    x: cy.width() / 2 - (zoom * (box.x1 + box.x2)) / 2,
    y: cy.height() / 2 - (zoom * (box.y1 + box.y2)) / 2,
  });
}

/** Right after creation (the preset layout has fitted): cap the zoom, follow the graph, and make sure the labels are those of the zoom reached. */
export function settleFirstView(cy: Core, band: number): void {
  if (cy.zoom() > FIT_MAX_ZOOM) {
    cy.zoom(FIT_MAX_ZOOM);
    cy.center();
  }
  cy.scratch(FOLLOW, true);
  markLabelBand(cy, band);
  applyLabelBand(cy);
}

/** After a live change: the whole graph again, if the user has not moved the view since the last whole-graph fit. */
export function refit(cy: Core): void {
  // A hidden canvas (the List shown instead) has no size to fit into.
  if (cy.scratch(FOLLOW) === true && cy.nodes().length > 0 && cy.width() > 0)
    fitCapped(cy, undefined, 30, true);
}

/** Wires gestures: a user's pan or zoom stops the following; zooms restyle the labels once they rest. */
export function watchViewport(cy: Core): void {
  cy.on('dragpan pinchzoom scrollzoom', () => cy.scratch(FOLLOW, false));
  let timer: ReturnType<typeof setTimeout> | undefined;
  cy.on('zoom', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (!cy.destroyed()) applyLabelBand(cy);
    }, SETTLE_MS);
  });
}

/** The zoom a fit of these positions will take in a `width` × `height` box (node sizes aside), capped: picks the first stylesheet. */
export function expectedFitZoom(
  positions: Record<string, Position>,
  box: { width: number; height: number },
): number {
  let [x1, x2, y1, y2] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { x, y } of Object.values(positions))
    [x1, x2, y1, y2] = [Math.min(x1, x), Math.max(x2, x), Math.min(y1, y), Math.max(y2, y)];
  if (x1 > x2) return FIT_MAX_ZOOM;
  // The host boxes and shapes add about 60 units on each side.
  const zoom = Math.min((box.width - 60) / (x2 - x1 + 120), (box.height - 60) / (y2 - y1 + 120));
  return Math.max(0.02, Math.min(FIT_MAX_ZOOM, zoom));
}

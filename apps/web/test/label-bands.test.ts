import { describe, expect, it } from 'vitest';
import {
  bandLow,
  bandOf,
  LABEL_FROM,
  labelFontSize,
  labelsFrom,
  MAX_LABEL_PX,
  MIN_LABEL_PX,
} from '../src/components/topology/label-bands';
import { FIT_MAX_ZOOM } from '../src/components/topology/viewport';

// The bands are arithmetic on the zoom: checked over the whole zoom range
// cytoscape allows (cy-options.ts: 0.02–4), every 0.1 % of a step.

const zooms = Array.from({ length: 6000 }, (_, i) => 0.02 * 200 ** (i / 5999));

describe('label bands', () => {
  it('keeps every label 11–14 px on screen at every zoom', () => {
    for (const zoom of zooms) {
      const px = labelFontSize(bandOf(zoom)) * zoom;
      expect(px).toBeGreaterThanOrEqual(MIN_LABEL_PX - 1e-9);
      expect(px).toBeLessThanOrEqual(MAX_LABEL_PX);
    }
  });

  it('draws a class from its zoom on (at most one band late), and more classes the closer the view', () => {
    let previous = 0;
    for (const zoom of zooms) {
      const classes = labelsFrom(bandOf(zoom));
      expect(classes.length).toBeGreaterThanOrEqual(previous);
      previous = classes.length;
      for (const cls of classes) expect(zoom).toBeGreaterThanOrEqual(LABEL_FROM[cls] - 1e-9);
      for (const [cls, from] of Object.entries(LABEL_FROM))
        if (zoom >= from * 1.25) expect(classes).toContain(cls);
    }
  });

  it('names everything at the highest zoom a fit goes to, hosts only far out', () => {
    expect(labelsFrom(bandOf(FIT_MAX_ZOOM)).sort()).toEqual(Object.keys(LABEL_FROM).sort());
    expect(labelsFrom(bandOf(0.3))).toEqual(['host']);
    expect(labelsFrom(bandOf(0.05))).toEqual([]);
    expect(bandLow(bandOf(1))).toBeLessThanOrEqual(1);
  });
});

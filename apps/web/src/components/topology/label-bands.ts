// Labels keep one readable size on screen, 11–14 px, at every zoom where they
// are drawn (issue 19, problem 2: at the whole-graph zoom they were 6–9 px and
// container labels fell under cytoscape's minimum and vanished one by one).
// cytoscape scales text with the zoom, so the zoom range is cut into bands a
// factor BAND_RATIO wide and each band gets its own font size in model units
// (11 px at the band's lowest zoom, 13.75 px at its highest). The level of
// detail hides whole classes instead of shrinking them: below a class's zoom
// its nodes carry no label at all, chosen so the label fits the room the
// layout gives it (a 160-unit column, a 48-unit container step).

/** On-screen label size at the lowest zoom of a band; the highest is this × BAND_RATIO. */
export const MIN_LABEL_PX = 11;
/** Upper bound of the on-screen size, for tests and the README. */
export const MAX_LABEL_PX = 14;
/** Width of a band: 11 × 1.25 = 13.75 px at its top. */
export const BAND_RATIO = 1.25;
/** The lowest zoom of band 0: the graph's minimum zoom (cy-options.ts). */
const BAND_BASE = 0.02;

/** Classes that carry a label, and the zoom from which each is drawn. */
export const LABEL_FROM = {
  host: 0.2,
  segment: 0.45,
  parent: 0.55,
  vlan: 0.55,
  network: 0.55,
  route: 0.55,
  subnet: 0.7,
  container: 0.85,
} as const;

export type LabelClass = keyof typeof LABEL_FROM;

/** The band a zoom falls in. */
export const bandOf = (zoom: number): number =>
  Math.floor(Math.log(zoom / BAND_BASE) / Math.log(BAND_RATIO) + 1e-9);

/** The lowest zoom of a band. */
export const bandLow = (band: number): number => BAND_BASE * BAND_RATIO ** band;

/** Font size (model units) of every label drawn in a band. */
export const labelFontSize = (band: number): number => MIN_LABEL_PX / bandLow(band);

/** The classes whose labels are drawn in a band: those whose zoom the whole band reaches. */
export const labelsFrom = (band: number): LabelClass[] =>
  (Object.keys(LABEL_FROM) as LabelClass[]).filter(
    (cls) => bandLow(band) >= LABEL_FROM[cls] - 1e-9,
  );

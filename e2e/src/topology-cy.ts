import { expect, type Page } from '@playwright/test';

// The topology's canvas read through cytoscape's own API: the page exposes its
// instance as `window.__underlayCy` when a test sets `window.__underlayTest`
// before the page loads (apps/web's components/topology/test-hook.ts). The
// functions handed to page.evaluate run in the browser, so they declare the
// few cytoscape calls they use instead of importing its types.

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}
interface CyNode {
  id(): string;
  data(key: string): unknown;
  hasClass(name: string): boolean;
  boundingBox(opts: object): Box;
  numericStyle(name: string): number;
  style(name: string): string;
  visible(): boolean;
  renderedPosition(): { x: number; y: number };
}
interface CyLike {
  nodes(selector?: string): { toArray(): CyNode[] };
  zoom(): number;
  extent(): Box;
}
type TestWindow = Window & { __underlayTest?: boolean; __underlayCy?: CyLike };

/** Asks the page (before it loads) to expose its cytoscape instance. */
export async function exposeCy(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (window as TestWindow).__underlayTest = true;
  });
}

/** Waits until the drawn graph has (or, with `present: false`, no longer has) a node labelled `label`. */
export async function waitForLabel(page: Page, label: string, present = true): Promise<void> {
  await expect
    .poll(
      () =>
        page.evaluate(
          (text) =>
            (window as TestWindow).__underlayCy
              ?.nodes()
              .toArray()
              .some((n) => n.data('label') === text) ?? false,
          label,
        ),
      { message: `a node labelled ${label} ${present ? 'appears' : 'goes'}` },
    )
    .toBe(present);
}

/**
 * What is wrong with the drawing: pairs of nodes whose shapes overlap, nodes
 * outside their host's box, host boxes overlapping each other. The host of a
 * node is read from its id (`KIND:HOST/…`, core's topoId); fleet-wide nodes
 * (segments) belong to no host. Empty when the picture is right.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const cy = (window as TestWindow).__underlayCy;
    if (!cy) return ['no cytoscape instance exposed'];
    const overlap = (a: Box, b: Box) => a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
    const inside = (a: Box, b: Box) => a.x1 >= b.x1 && a.x2 <= b.x2 && a.y1 >= b.y1 && a.y2 <= b.y2;
    const shape = (n: CyNode) => n.boundingBox({ includeLabels: false, includeOverlays: false });
    const all = cy.nodes().toArray();
    const boxes = new Map(
      all.filter((n) => n.hasClass('hostbox')).map((b) => [String(b.data('host')), shape(b)]),
    );
    const nodes = all.filter((n) => !n.hasClass('hostbox'));
    const problems: string[] = [];
    for (let i = 0; i < nodes.length; i++)
      for (let j = i + 1; j < nodes.length; j++)
        if (overlap(shape(nodes[i]!), shape(nodes[j]!)))
          problems.push(`${nodes[i]!.id()} overlaps ${nodes[j]!.id()}`);
    for (const n of nodes) {
      const host = /^(?:host|parent|vlan|network|subnet|container):([^/]+)/.exec(n.id())?.[1];
      if (host === undefined) continue;
      const box = boxes.get(host);
      if (!box) problems.push(`${n.id()}: host ${host} has no box`);
      else if (!inside(shape(n), box)) problems.push(`${n.id()} is outside host ${host}'s box`);
    }
    const hostBoxes = [...boxes];
    for (let i = 0; i < hostBoxes.length; i++)
      for (let j = i + 1; j < hostBoxes.length; j++)
        if (overlap(hostBoxes[i]![1], hostBoxes[j]![1]))
          problems.push(`the boxes of ${hostBoxes[i]![0]} and ${hostBoxes[j]![0]} overlap`);
    return problems;
  });
}

/** What cytoscape draws as text at the current zoom. */
export interface LabelReport {
  zoom: number;
  /** Every node or edge with a label: its on-screen size (font size × zoom), px. */
  labels: { id: string; text: string; px: number }[];
  /** The shape key of every node class in the graph (`l3` for hexagons), as the legend names them. */
  shapes: string[];
}

/** Reads the labels cytoscape holds, with their on-screen size, and the shapes present. */
export function labelReport(page: Page): Promise<LabelReport> {
  return page.evaluate(() => {
    const cy = (window as TestWindow).__underlayCy;
    if (!cy) throw new Error('no cytoscape instance exposed');
    const zoom = cy.zoom();
    const nodes = cy.nodes().toArray();
    const labels = nodes
      .filter((n) => n.visible() && n.style('label') !== '')
      .map((n) => ({
        id: n.id(),
        text: n.style('label'),
        px: Math.round(n.numericStyle('font-size') * zoom * 100) / 100,
      }));
    // Ids start with the kind (core's topoId; `hostbox:`, `fold:` for the page's own nodes).
    const shapes = [
      ...new Set(nodes.map((n) => (n.hasClass('l3') ? 'l3' : n.id().split(':')[0]!))),
    ];
    return { zoom, labels, shapes };
  });
}

/** Sets the zoom around the canvas' centre, as a wheel would (the labels follow once it rests). */
export async function zoomTo(page: Page, level: number): Promise<void> {
  await page.evaluate((z) => {
    const cy = (window as TestWindow).__underlayCy as unknown as {
      zoom(opts: object): void;
      width(): number;
      height(): number;
    };
    cy.zoom({ level: z, renderedPosition: { x: cy.width() / 2, y: cy.height() / 2 } });
  }, level);
}

/** Labels outside 11–14 px on screen, as `id (text): px`; empty when every label is readable. */
export async function unreadableLabels(page: Page): Promise<string[]> {
  const { labels } = await labelReport(page);
  return labels.filter((l) => l.px < 11 || l.px > 14).map((l) => `${l.id} (${l.text}): ${l.px} px`);
}

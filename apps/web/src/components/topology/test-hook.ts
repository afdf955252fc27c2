import type { Core } from 'cytoscape';

// The topology is one canvas: a browser test cannot read node positions from
// the DOM. A test sets `window.__underlayTest = true` before the page loads
// (Playwright's addInitScript) and then reads cytoscape's own positions,
// bounding boxes and styles from `window.__underlayCy`. Without the flag
// nothing is exposed.

declare global {
  interface Window {
    __underlayTest?: boolean;
    __underlayCy?: Core;
  }
}

/** Hands the live instance to a browser test that asked for it. */
export function exposeForTests(cy: Core): void {
  if (typeof window !== 'undefined' && window.__underlayTest) window.__underlayCy = cy;
}

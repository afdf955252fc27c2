import type { Core } from 'cytoscape';
import { unfoldMatching } from './stack-folds';

/** Highlights nodes whose label or id contains `text` (dims the rest); returns how many matched. */
export function applySearch(cy: Core, text: string): number {
  const needle = text.trim().toLowerCase();
  // Containers of a folded stack are not in the graph yet: bring in those that match.
  unfoldMatching(cy, needle);
  let count = 0;
  cy.batch(() => {
    cy.elements().removeClass('match dim');
    if (!needle) return;
    const matched = cy
      .nodes()
      .not('.fold, .hostbox')
      .filter(
        (n) =>
          String(n.data('label')).toLowerCase().includes(needle) ||
          n.id().toLowerCase().includes(needle),
      );
    count = matched.length;
    cy.elements().not(matched).addClass('dim');
    matched.addClass('match');
  });
  return count;
}

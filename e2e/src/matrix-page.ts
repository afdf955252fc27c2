import { expect, type Locator, type Page } from '@playwright/test';

// The matrix page names endpoints by their agent-side ids (matrix-pick-<id>,
// matrix-cell-<from>-<to>); a user picks them by container name. The picker's
// row for a container gives the id the grid's cells are keyed by.

/** Ticks `container`'s checkbox in the matrix picker and returns its endpoint id. */
export async function pickEndpoint(page: Page, container: string): Promise<string> {
  const row = page
    .getByTestId('matrix-picker')
    .locator('label')
    .filter({ has: page.getByText(container, { exact: true }) });
  await expect(row).toHaveCount(1);
  const box = row.locator('input[type="checkbox"]');
  const testId = await box.getAttribute('data-testid');
  const id = testId?.replace(/^matrix-pick-/, '');
  if (!id) throw new Error(`the matrix picker's row for ${container} has no endpoint id`);
  await box.check();
  return id;
}

/** The cell for pings from endpoint `from` to endpoint `to`. */
export const matrixCell = (page: Page, from: string, to: string): Locator =>
  page.getByTestId(`matrix-cell-${from}-${to}`);

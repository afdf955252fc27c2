import { expect, type Locator, type Page } from '@playwright/test';

// The topology is a canvas: the page offers no DOM per node. A node is reached
// the way a user reaches it: search for its label, Enter fits the view on the
// match (so it sits in the canvas' centre), a click there opens its details.

/** Finds the single node labelled `text`, clicks it, and returns the details panel. */
export async function openNodeDetails(page: Page, text: string): Promise<Locator> {
  const search = page.getByTestId('topology-search');
  await search.fill(text);
  await expect(page.getByTestId('topology-matches')).toHaveText('1 match');
  await search.press('Enter');
  const canvas = page.getByTestId('topology-canvas');
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the topology canvas is not on screen');
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const details = page.getByTestId('node-details');
  await expect(details).toBeVisible();
  return details;
}

/** Clears the search so every node is drawn undimmed, and fits the whole graph in the view (before a screenshot). */
export async function clearSearchAndFit(page: Page): Promise<void> {
  await page.getByTestId('topology-search').fill('');
  await expect(page.getByTestId('topology-matches')).toHaveCount(0);
  await page.getByTestId('topology-fit').click();
}

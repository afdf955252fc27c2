import { expect, test } from '@playwright/test';
import { logIn } from '../src/login.js';

// Issue 19, problem 8 ("Basics"), the parts fixed so far: every page names
// itself in the tab, the navigation marks the current page for assistive
// technology, and no page asks for an icon the server does not have.

const PAGES = [
  { path: '/fleet', title: 'Fleet · underlay', nav: 'nav-fleet' },
  { path: '/topology', title: 'Topology · underlay', nav: 'nav-topology' },
  { path: '/networks', title: 'Networks · underlay', nav: 'nav-networks' },
  { path: '/networks/new', title: 'New network · underlay', nav: 'nav-networks' },
  { path: '/containers', title: 'Containers · underlay', nav: 'nav-containers' },
  { path: '/matrix', title: 'Connectivity matrix · underlay', nav: 'nav-matrix' },
  { path: '/events', title: 'Events · underlay', nav: 'nav-events' },
] as const;

test('every page has its own title, aria-current on its nav entry, and no 404 for an icon', async ({
  page,
}) => {
  const missing: string[] = [];
  page.on('response', (response) => {
    if (response.status() === 404) missing.push(response.url());
  });
  await page.goto('/login');
  await expect(page).toHaveTitle('Log in · underlay');
  await logIn(page);
  for (const { path, title, nav } of PAGES) {
    await page.goto(path);
    await expect(page).toHaveTitle(title);
    const current = page.locator('[data-testid="nav"] [aria-current="page"]');
    await expect(current).toHaveCount(1);
    await expect(current).toHaveAttribute('data-testid', nav);
  }
  const icon = await page.request.get('/icon.svg');
  expect(icon.status()).toBe(200);
  expect(icon.headers()['content-type']).toContain('image/svg');
  expect(missing).toEqual([]);
});

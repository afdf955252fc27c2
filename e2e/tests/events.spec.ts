import { expect, test, type Page } from '@playwright/test';
import { underlay } from '../src/agent-cli.js';
import { logIn } from '../src/login.js';

// Issue 19, problem 5: the Events page opened after changes made with the CLI
// showed "Nothing yet since this page opened", had no filters, and logged each
// parent link three times. The hub now keeps the history in its SQLite; the
// page opens with it, filters by host, kind and network through its URL, and
// shows a link's added/down/up burst as one line that opens.
test.describe.configure({ mode: 'serial' });

const createNetwork = (host: string, name: string, vid: number) =>
  underlay(host, [
    'network',
    'create',
    '-d',
    'ipvlan',
    '--subnet',
    `172.16.${vid}.0/24`,
    '-o',
    `parent=eth0.${vid}`,
    name,
  ]);

const items = (page: Page) => page.locator('[data-testid="event-item"]:visible');

test.beforeAll(async () => {
  // Before any page is open: only a stored history can show these.
  await createNetwork('host-a', 'ev71', 71);
  await underlay('host-a', ['container', 'create', 'ev-c1']);
  await underlay('host-a', ['network', 'connect', 'ev71', 'ev-c1']);
  await createNetwork('host-b', 'ev72', 72);
});

test('the events page opens with what happened before it, and again after a reload', async ({
  page,
}) => {
  await logIn(page);
  await page.goto('/events');
  const created = (host: string, net: string) =>
    page.locator(`[data-testid="event-item"][data-type="network.created"][data-host="${host}"]`, {
      hasText: net,
    });
  await expect(created('host-a', 'ev71')).toHaveCount(1);
  await expect(created('host-b', 'ev72')).toHaveCount(1);
  await expect(
    page.locator('[data-testid="event-item"][data-type="endpoint.connected"]', {
      hasText: 'ev-c1',
    }),
  ).toHaveCount(1);
  await page.reload();
  await expect(created('host-a', 'ev71')).toHaveCount(1);
  await expect(created('host-b', 'ev72')).toHaveCount(1);
  await expect(page.getByText('Nothing yet since this page opened')).toHaveCount(0);

  // A change made while the page is open joins the list without a reload.
  await underlay('host-b', ['container', 'create', 'ev-c2']);
  await expect(
    page.locator('[data-testid="event-item"][data-type="container.created"][data-host="host-b"]', {
      hasText: 'ev-c2',
    }),
  ).toHaveCount(1);
});

test('filters by host and kind from the selects, kept in the URL', async ({ page }) => {
  await logIn(page);
  await page.goto('/events');
  await page.getByLabel('Host').selectOption('host-b');
  await expect(page).toHaveURL(/\/events\?host=host-b$/);
  await expect(items(page).first()).toBeVisible();
  const hosts = await page
    .locator('[data-testid="event-list"] > li')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-host')));
  expect(new Set(hosts)).toEqual(new Set(['host-b']));

  await page.getByLabel('Kind').selectOption('network');
  await expect(page).toHaveURL(/\/events\?host=host-b&kind=network$/);
  await expect(items(page)).toHaveCount(1);
  await expect(items(page).first()).toHaveAttribute('data-type', 'network.created');
  await expect(items(page).first()).toContainText('ev72');

  // The same filter from a link, and the network filter (link and endpoint events tied to ev71).
  await page.goto('/events?network=ev71');
  await expect(page.getByLabel('Network')).toHaveValue('ev71');
  const rows = page.locator('[data-testid="event-list"] > li');
  await expect(rows.filter({ hasText: 'ev-c1' })).toHaveCount(1);
  await expect(page.locator('[data-testid="event-churn"][data-link="eth0.71"]')).toHaveCount(1);
  expect(
    new Set(await rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-host')))),
  ).toEqual(new Set(['host-a']));
  await expect(rows.filter({ hasText: 'ev72' })).toHaveCount(0);
});

test("a link's added/up burst is one line, which opens to show each event", async ({ page }) => {
  await logIn(page);
  await page.goto('/events?host=host-a&kind=link');
  const churn = page.locator(
    '[data-testid="event-churn"][data-host="host-a"][data-link="eth0.71"]',
  );
  await expect(churn).toHaveCount(1);
  await expect(churn).toContainText(/link eth0\.71: added → .*up/);
  const count = Number(await churn.getAttribute('data-count'));
  expect(count).toBeGreaterThanOrEqual(2);
  // Collapsed: one visible line for the whole burst.
  await expect(churn.locator('[data-testid="event-item"]:visible')).toHaveCount(0);
  await churn.locator('summary').click();
  await expect(churn.locator('[data-testid="event-item"]:visible')).toHaveCount(count);
  await expect(churn.locator('[data-testid="event-item"][data-type="link.added"]')).toHaveCount(1);
});

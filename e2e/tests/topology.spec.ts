import { expect, test, type Page } from '@playwright/test';
import { underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import { logIn } from '../src/login.js';
import {
  exposeCy,
  labelReport,
  layoutProblems,
  unreadableLabels,
  waitForLabel,
  zoomTo,
} from '../src/topology-cy.js';

// Issue 19, problems 1, 2 and the canvas part of 8, on a lab of its own
// (UNDERLAY_E2E_LAB=topo …). The topology page stays open while the agent CLI
// changes both hosts; what is drawn is read from cytoscape itself.

test.describe.configure({ mode: 'serial' });

/** `network create` of a VLAN network on `host` (VLAN `vid`, 172.16.VID.0/24), and `container`s connected to it. */
async function vlanNetwork(host: string, vid: number, containers: string[]): Promise<void> {
  const name = `topo${vid}`;
  await underlay(host, [
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
  for (const c of containers) {
    await underlay(host, ['container', 'create', c]);
    await underlay(host, ['network', 'connect', name, c]);
  }
}

async function removeNetwork(host: string, vid: number, containers: string[]): Promise<void> {
  for (const c of containers) {
    await underlay(host, ['network', 'disconnect', `topo${vid}`, c]);
    await underlay(host, ['container', 'rm', c]);
  }
  await underlay(host, ['network', 'rm', `topo${vid}`]);
}

async function openTopology(page: Page): Promise<void> {
  await exposeCy(page);
  await logIn(page);
  await page.goto('/topology');
  await waitForLabel(page, 'host-a');
  await waitForLabel(page, 'host-b');
}

test('live changes from the CLI on both hosts: no two nodes overlap, each inside its host box', async ({
  page,
}, testInfo) => {
  await openTopology(page);
  // Two bare hosts: the fit stops at 1.25× (it went to 4×, with 44 px host labels).
  expect((await labelReport(page)).zoom).toBeLessThanOrEqual(1.25);
  expect(await layoutProblems(page)).toEqual([]);

  // host-b first, so that host-a growing afterwards shifts host-b's columns.
  await vlanNetwork('host-b', 30, ['tb30']);
  await waitForLabel(page, 'tb30');
  expect(await layoutProblems(page)).toEqual([]);

  await vlanNetwork('host-a', 31, ['ta31a', 'ta31b']);
  await waitForLabel(page, 'ta31b');
  expect(await layoutProblems(page)).toEqual([]);

  await vlanNetwork('host-a', 32, ['ta32']);
  await vlanNetwork('host-b', 33, []);
  await waitForLabel(page, 'ta32');
  await waitForLabel(page, 'topo33');
  expect(await layoutProblems(page)).toEqual([]);
  await saveScreenshot(page, testInfo, 'topology-live');

  // Removals pull host-b's columns back to the left.
  await removeNetwork('host-a', 31, ['ta31a', 'ta31b']);
  await waitForLabel(page, 'ta31a', false);
  await waitForLabel(page, 'topo31', false);
  expect(await layoutProblems(page)).toEqual([]);
});

/** Every subnet carries its CIDR and every parent its name, and there is at least one of each. */
async function expectSubnetAndParentLabels(page: Page, parents: boolean): Promise<void> {
  const { labels } = await labelReport(page);
  const subnets = labels.filter((l) => l.id.startsWith('subnet:'));
  expect(subnets.map((l) => l.text)).toContain('172.16.30.0/24');
  for (const s of subnets) expect(s.text).toMatch(/^\d+\.\d+\.\d+\.\d+\/\d+$/);
  if (!parents) return;
  const names = labels.filter((l) => l.id.startsWith('parent:')).map((l) => l.text);
  expect(names).toContain('eth0');
  expect(labels.filter((l) => l.id.startsWith('vlan:')).map((l) => l.text)).toContain(
    'eth0.30 (VLAN 30)',
  );
}

test('labels stay 11–14 px on screen at the default, whole-graph and close zooms; subnets and parents are named; the legend has every shape', async ({
  page,
}, testInfo) => {
  await openTopology(page);
  await waitForLabel(page, 'tb30');
  const first = await labelReport(page);
  expect(first.labels.length).toBeGreaterThan(0);
  expect(await unreadableLabels(page)).toEqual([]);

  await page.getByTestId('topology-fit').click();
  expect(await unreadableLabels(page)).toEqual([]);
  expect((await labelReport(page)).labels.map((l) => l.text)).toContain('host-a');

  // Far out only hosts are named; close in every class is, still at 11–14 px.
  await zoomTo(page, 0.3);
  await expect.poll(() => unreadableLabels(page)).toEqual([]);
  await expect
    .poll(async () => (await labelReport(page)).labels.every((l) => l.id.startsWith('host:')))
    .toBe(true);
  await zoomTo(page, 1.2);
  await expect.poll(() => unreadableLabels(page)).toEqual([]);
  await expectSubnetAndParentLabels(page, true);
  const names = (await labelReport(page)).labels.map((l) => l.text);
  expect(names).toEqual(expect.arrayContaining(['tb30', 'topo30', 'VLAN 30 on eth0']));
  await zoomTo(page, 3.5);
  await expect.poll(() => unreadableLabels(page)).toEqual([]);

  const legend = page.getByTestId('topology-legend');
  for (const shape of (await labelReport(page)).shapes)
    await expect(legend.locator(`[data-shape="${shape}"]`)).toHaveCount(1);

  await page.getByTestId('view-subnet').click();
  await waitForLabel(page, 'host-a', false);
  await zoomTo(page, 1.2);
  await expect.poll(() => unreadableLabels(page)).toEqual([]);
  await expectSubnetAndParentLabels(page, false);
  for (const shape of (await labelReport(page)).shapes)
    await expect(legend.locator(`[data-shape="${shape}"]`)).toHaveCount(1);
  await page.getByTestId('topology-fit').click();
  await saveScreenshot(page, testInfo, 'topology-by-subnet');
});

/** The id of the one selected node, or null. */
const selectedId = (page: Page) =>
  page.evaluate(() => {
    const cy = (
      window as unknown as {
        __underlayCy?: { nodes(s: string): { toArray(): { id(): string }[] } };
      }
    ).__underlayCy;
    const ids = cy?.nodes(':selected').toArray() ?? [];
    return ids.length === 1 ? ids[0]!.id() : ids.length === 0 ? null : `${ids.length} selected`;
  });

test('the canvas works by keyboard (Tab, arrows, Enter) and the List shows the same graph as text', async ({
  page,
}) => {
  await openTopology(page);
  await waitForLabel(page, 'tb30');
  // Tab from the last toolbar control lands on the canvas, which shows a focus ring.
  await page.getByTestId('topology-list-toggle').focus();
  await page.keyboard.press('Tab');
  const canvas = page.getByTestId('topology-canvas');
  await expect(canvas).toBeFocused();
  expect(await canvas.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');

  await page.keyboard.press('ArrowDown');
  expect(await selectedId(page)).toBe('host:host-a');
  await expect(page.getByTestId('topology-announce')).toHaveText(/^host-a, host\./);
  await page.keyboard.press('ArrowRight');
  expect(await selectedId(page)).toBe('host:host-b');
  await page.keyboard.press('ArrowDown');
  expect(await selectedId(page)).toBe('parent:host-b/eth0');
  await page.keyboard.press('Enter');
  const details = page.getByTestId('node-details');
  await expect(details).toHaveAttribute('data-node-id', 'parent:host-b/eth0');
  await expect(details).toContainText('eth0');
  await page.keyboard.press('ArrowDown');
  expect(await selectedId(page)).toMatch(/^vlan:host-b\/eth0\.3[03]$/);
  await page.keyboard.press('Escape');
  expect(await selectedId(page)).toBeNull();

  // The text alternative: hosts → parents → VLAN interfaces → networks → subnets → containers with addresses.
  await page.getByTestId('topology-list-toggle').click();
  await expect(page.getByTestId('topology-list-toggle')).toHaveAttribute('aria-pressed', 'true');
  const list = page.getByTestId('topology-list');
  await expect(list).toBeVisible();
  await expect(canvas).toBeHidden();
  const item = (id: string) => list.locator(`[data-node-id="${id}"]`).first();
  const path = [
    'host:host-b',
    'parent:host-b/eth0',
    'vlan:host-b/eth0.30',
    'network:host-b/',
  ] as const;
  await expect(item(path[0])).toBeVisible();
  const tb30 = list.locator('[data-node-id="container:host-b/tb30"]');
  await expect(tb30).toHaveCount(1);
  await expect(tb30).toContainText(/tb30 container, 172\.16\.30\.\d+/);
  // Nested in that order: each level's item holds the next, down to the container.
  const inside = page.locator('[data-node-id="container:host-b/tb30"]');
  let scope = list;
  for (const prefix of path) {
    scope = scope.locator(`[data-node-id^="${prefix}"]`).filter({ has: inside }).first();
    await expect(scope).toBeVisible();
  }
  await expect(item('host:host-a')).toContainText('ta32');
  await expect(item('host:host-a')).not.toContainText('tb30');
  // A name in the list opens the node's details.
  await tb30.getByRole('button', { name: 'tb30' }).click();
  await expect(details).toHaveAttribute('data-node-id', 'container:host-b/tb30');
  await page.getByTestId('topology-list-toggle').click();
  await expect(canvas).toBeVisible();
});

import { expect, test, type Page } from '@playwright/test';
import { startAgent, stopAgent } from '@underlay/lab';
import { networkNames, suiteLab, underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import { logIn } from '../src/login.js';
import { inspectNetwork } from '../src/network-inspect.js';
import { HOSTS } from '../src/settings.js';

// Issue 19, problems 4 and 7: networks as fleet objects (one row per network
// with host chips, a page per network) and one-flow removal through one
// styled dialog. Networks and containers are made with the CLI on each host,
// so what the pages show is checked against what the agents hold.
test.describe.configure({ mode: 'serial' });

const SUBNET = '10.207.0.0/24';
const SLICES = { 'host-a': '10.207.0.0/26', 'host-b': '10.207.0.64/26' } as const;
const CONTAINERS = { 'host-a': 'np70-a', 'host-b': 'np70-b' } as const;

/** `network create` of an 802.1Q network on `host` (a slice with `range`). */
async function createNetwork(
  host: string,
  name: string,
  vid: number,
  subnet: string,
  range?: string,
) {
  await underlay(host, [
    ...['network', 'create', '-d', 'ipvlan', '--subnet', subnet],
    ...(range ? ['--ip-range', range] : []),
    ...['-o', `parent=eth0.${vid}`, name],
  ]);
}

/** Fails the test when anything opens a native dialog (confirm, alert, prompt). */
function forbidNativeDialogs(page: Page): string[] {
  const opened: string[] = [];
  page.on('dialog', (d) => {
    opened.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return opened;
}

/** Whether `link` exists in `host`'s root namespace (read in the guest, not through the agent). */
async function linkExists(host: string, link: string): Promise<boolean> {
  const lab = await suiteLab();
  return (await lab.host(host).exec(['ip', 'link', 'show', link])).exitCode === 0;
}

/** The network names of the table's rows, top to bottom. */
const rowNames = (page: Page) =>
  page
    .locator('[data-testid^="network-row-"]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-network')));

test.beforeAll(async () => {
  for (const host of HOSTS) {
    await createNetwork(host, 'netpage70', 2070, SUBNET, SLICES[host]);
    await underlay(host, ['container', 'create', CONTAINERS[host]]);
    await underlay(host, ['network', 'connect', 'netpage70', CONTAINERS[host]]);
  }
  await createNetwork('host-a', 'netpage71', 2071, '10.207.1.0/24');
});

test.beforeEach(async ({ page }) => logIn(page));

test('a network on two hosts is one row with a chip per host, and its name opens its page', async ({
  page,
}, testInfo) => {
  await page.goto('/networks');
  const row = page.getByTestId('network-row-netpage70');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('2070');
  await expect(row).toContainText(SUBNET);
  await expect(row).toContainText('l2');
  for (const host of HOSTS)
    await expect(row.getByTestId(`network-chip-netpage70-${host}`)).toHaveText(host);
  await expect(
    page.getByTestId('network-row-netpage71').locator('[data-testid^="network-chip-"]'),
  ).toHaveCount(1);
  await saveScreenshot(page, testInfo, 'networks');
  await row.getByTestId('network-open-netpage70').click();
  await expect(page).toHaveURL(/\/networks\/netpage70$/);
  await expect(page).toHaveTitle('netpage70 · Networks · underlay');
});

test("the network page shows both hosts, each host's slice, its endpoints and usage of the whole prefix", async ({
  page,
}, testInfo) => {
  await page.goto('/networks/netpage70');
  for (const host of HOSTS) {
    const card = page.getByTestId(`network-host-${host}`);
    await expect(card).toBeVisible();
    const alloc = card.getByTestId(`alloc-${host}-${SUBNET}`);
    const kind = await alloc.getAttribute('data-kind');
    // A host on the fleet store shows its blocks; without one, the --ip-range it was given.
    expect(['range', 'blocks']).toContain(kind);
    if (kind === 'range') await expect(alloc).toContainText(`range ${SLICES[host]}`);
    const address = (await inspectNetwork(host, 'netpage70')).ipv4[CONTAINERS[host]] ?? '';
    expect(address).not.toBe('');
    const endpoint = card.getByTestId(`endpoint-${host}-${CONTAINERS[host]}`);
    await expect(endpoint).toContainText(address);
    await expect(endpoint).toContainText(/([0-9a-f]{2}:){5}[0-9a-f]{2}/);
  }
  const usage = page.getByTestId(`usage-${SUBNET}`);
  await expect(usage).toContainText('2 of 256 addresses in use on 2 hosts');
  await expect(usage).toContainText('host-a 1, host-b 1');
  await expect(page.getByTestId('network-events')).toContainText(
    `${CONTAINERS['host-a']} connected`,
  );
  // Raw inspect only behind its disclosure.
  await expect(page.locator('pre').first()).toBeHidden();
  await saveScreenshot(page, testInfo, 'network-page');

  // A host without endpoints says so instead of an empty heading.
  await page.goto('/networks/netpage71');
  await expect(page.getByTestId('endpoints-none-host-a')).toHaveText(
    'No containers connected on host-a.',
  );
  await expect(page.getByTestId('alloc-host-a-10.207.1.0/24')).toHaveAttribute(
    'data-kind',
    /subnet|blocks/,
  );
});

test('the table filters on name, VLAN, subnet and host, and sorts by each column both ways', async ({
  page,
}) => {
  await page.goto('/networks');
  const filter = page.getByTestId('network-filter');
  await filter.fill('netpage');
  await expect.poll(() => rowNames(page)).toEqual(['netpage70', 'netpage71']);
  await filter.fill('10.207.1');
  await expect.poll(() => rowNames(page)).toEqual(['netpage71']);
  await filter.fill('2070');
  await expect.poll(() => rowNames(page)).toEqual(['netpage70']);
  await filter.fill('netpage host-b');
  await expect.poll(() => rowNames(page)).toEqual(['netpage70']);
  await filter.fill('no-such-network');
  await expect(page.getByTestId('network-empty')).toBeVisible();
  await filter.fill('netpage');
  await page.getByTestId('network-sort-name').click();
  await expect.poll(() => rowNames(page)).toEqual(['netpage71', 'netpage70']);
  await page.getByTestId('network-sort-hosts').click();
  await expect.poll(() => rowNames(page)).toEqual(['netpage71', 'netpage70']);
  await page.getByTestId('network-sort-hosts').click();
  await expect.poll(() => rowNames(page)).toEqual(['netpage70', 'netpage71']);
  const header = page.locator('th', { has: page.getByTestId('network-sort-hosts') });
  await expect(header).toHaveAttribute('aria-sort', 'descending');
  await page.getByTestId('network-sort-vlan').click();
  await expect.poll(() => rowNames(page)).toEqual(['netpage70', 'netpage71']);
});

test('removing a two-host network with connected containers is one flow through one styled dialog; links and endpoints are gone on both hosts', async ({
  page,
}) => {
  const native = forbidNativeDialogs(page);
  await page.goto('/networks/netpage70');
  await page.getByTestId('network-page-remove').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toHaveAttribute('aria-modal', 'true');
  for (const host of HOSTS)
    await expect(dialog.getByTestId(`remove-item-${host}-netpage70`)).toContainText(
      `On ${host}: network netpage70, its parent link eth0.2070; disconnects ${CONTAINERS[host]}`,
    );
  const confirm = dialog.getByTestId('modal-confirm');
  await expect(confirm).toHaveText('Disconnect all and remove');
  // Destructive: focus starts on Cancel, so a stray Enter changes nothing.
  await expect(dialog.getByTestId('modal-cancel')).toBeFocused();
  // Focus stays inside while it is open; Escape cancels and nothing changes.
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  for (const host of HOSTS) expect(await networkNames(host)).toContain('netpage70');

  await page.getByTestId('network-page-remove').click();
  await page.getByRole('dialog').getByTestId('modal-confirm').click();
  for (const host of HOSTS)
    await expect(page.getByTestId(`remove-result-${host}-netpage70`)).toHaveText(
      `${host}: netpage70 removed; disconnected ${CONTAINERS[host]}; deleted eth0.2070`,
      { timeout: 90_000 },
    );
  for (const host of HOSTS) {
    expect(await networkNames(host)).not.toContain('netpage70');
    expect(await linkExists(host, 'eth0.2070')).toBe(false);
  }
  expect(native).toEqual([]);
});

test('bulk remove: two selected networks, one dialog listing both, gone from every host; the unselected one stays', async ({
  page,
}) => {
  const native = forbidNativeDialogs(page);
  for (const host of HOSTS) await createNetwork(host, 'netpage72', 2072, '10.207.2.0/24');
  await createNetwork('host-b', 'netpage73', 2073, '10.207.3.0/24');
  await page.goto('/networks');
  await page.getByTestId('network-filter').fill('netpage');
  await expect.poll(() => rowNames(page)).toEqual(['netpage71', 'netpage72', 'netpage73']);
  await page.getByTestId('network-select-netpage71').check();
  await page.getByTestId('network-select-netpage72').check();
  await expect(page.getByTestId('network-bulk-remove')).toHaveText('Remove selected (2)');
  await page.getByTestId('network-bulk-remove').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText('Remove networks netpage71, netpage72?');
  for (const item of ['host-a-netpage72', 'host-b-netpage72', 'host-a-netpage71'])
    await expect(dialog.getByTestId(`remove-item-${item}`)).toBeVisible();
  await expect(dialog.getByTestId('modal-confirm')).toHaveText('Remove');
  await dialog.getByTestId('modal-confirm').click();
  await expect(page.getByTestId('remove-result-host-b-netpage72')).toHaveAttribute(
    'data-ok',
    'true',
    {
      timeout: 90_000,
    },
  );
  await expect.poll(() => rowNames(page)).toEqual(['netpage73']);
  expect(await networkNames('host-b')).toContain('netpage73');
  await underlay('host-b', ['network', 'rm', 'netpage73']);
  for (const host of HOSTS) {
    const names = await networkNames(host);
    expect(names).not.toContain('netpage72');
    expect(names).not.toContain('netpage71');
    expect(await linkExists(host, 'eth0.2072')).toBe(false);
  }
  expect(native).toEqual([]);
});

test('a host that does not answer is named in the dialog and left as it is; the host that answers is removed', async ({
  page,
}) => {
  const native = forbidNativeDialogs(page);
  for (const host of HOSTS) await createNetwork(host, 'netpage74', 2074, '10.207.4.0/24');
  const lab = await suiteLab();
  await stopAgent(lab, 'host-b');
  try {
    await page.goto('/networks');
    await expect(page.getByTestId('network-host-error-host-b')).toBeVisible({ timeout: 60_000 });
    await page.getByTestId('network-remove-netpage74').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog.getByTestId('remove-item-host-a-netpage74')).toBeVisible();
    await expect(dialog.getByTestId('remove-unknown-host-b')).toContainText(
      'netpage74 there is left as it is',
    );
    await dialog.getByTestId('modal-confirm').click();
    await expect(page.getByTestId('remove-result-host-a-netpage74')).toHaveAttribute(
      'data-ok',
      'true',
      { timeout: 90_000 },
    );
    await expect(page.getByTestId('remove-result-host-b-netpage74')).toHaveCount(0);
  } finally {
    await startAgent(lab, 'host-b');
  }
  expect(await networkNames('host-a')).not.toContain('netpage74');
  await expect
    .poll(() => networkNames('host-b').catch(() => []), { timeout: 120_000 })
    .toContain('netpage74');
  await underlay('host-b', ['network', 'rm', 'netpage74']);
  expect(native).toEqual([]);
});

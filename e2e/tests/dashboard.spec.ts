import { expect, test, type Page } from '@playwright/test';
import { startAgent, stopAgent } from '@underlay/lab';
import { networkNames, suiteLab, underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import {
  connectContainer,
  containerNetns,
  createContainer,
  fillNetworkForm,
  submitNetworkForm,
} from '../src/dashboard-forms.js';
import { heldBlocks } from '../src/fleet-blocks.js';
import { logIn } from '../src/login.js';
import { inCidr, inspectNetwork } from '../src/network-inspect.js';
import { matrixCell, pickEndpoint } from '../src/matrix-page.js';
import { dashboardUrl, HOSTS } from '../src/settings.js';
import { clearSearchAndFit, openNodeDetails } from '../src/topology-page.js';

// Issue 5's walk through the dashboard against a two-host lab, in order: each
// test builds on the networks and containers of the ones before it.
test.describe.configure({ mode: 'serial' });

const VLAN10 = {
  name: 'vlan10',
  hosts: HOSTS,
  parent: 'eth0.10',
  subnet: '172.16.80.0/24',
  gateway: '172.16.80.1',
};
const VLAN20 = {
  name: 'vlan20',
  hosts: ['host-a'],
  parent: 'eth0.20',
  subnet: '172.16.20.0/24',
  gateway: '172.16.20.1',
};

/** The store every agent leases its address blocks from: the hub's, relayed into the lab (as under `npm start`). */
const HUB_STORE = /^hub at http:\/\/192\.0\.2\.1:7480/;
/** The addresses the agents gave web-a and web-b (no static --ip), read back after connect. */
const vlan10Addresses: Record<string, string> = {};

/** The L2 segment item of VLAN `vid` in the topology's segment list. */
const segmentOf = (page: Page, vid: number) =>
  page.locator(`[data-testid="segment-item"][data-segment$="/${vid}"]`);

test('without a session pages go to /login and the API refuses; the admin password logs in', async ({
  page,
  request,
}) => {
  for (const path of ['/fleet', '/networks', '/topology']) {
    await page.goto(path);
    await expect(page).toHaveURL(/\/login$/);
  }
  const read = await request.get('/api/trpc/fleet.list');
  expect(read.status()).toBe(401);
  const write = await request.post('/api/trpc/containers.create', {
    data: { json: { hostId: 'x', request: { name: 'intruder' } } },
  });
  expect(write.status()).toBe(401);

  // A made-up session cookie passes the cheap cookie check but not the real one.
  await page
    .context()
    .addCookies([{ name: 'underlay_session', value: 'forged', url: dashboardUrl() }]);
  await page.goto('/fleet');
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.request.get('/api/trpc/fleet.list')).status()).toBe(401);
  await page.context().clearCookies();

  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('login-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);
  await logIn(page);
});

test.describe('logged in', () => {
  test.beforeEach(async ({ page }) => logIn(page));

  test('both lab hosts are online on the Fleet page', async ({ page }) => {
    for (const host of HOSTS) {
      await expect(page.getByTestId(`host-status-${host}`)).toHaveAttribute(
        'data-status',
        'online',
        { timeout: 90_000 },
      );
      await expect(page.getByTestId(`host-kernel-${host}`)).toContainText(/^\d+\.\d+/);
    }
  });

  test("the VLAN 10 network on both hosts: the plan preview creates eth0.10 and says each host hands out addresses from its own blocks in the hub's store, then the form creates it with the whole subnet on each", async ({
    page,
  }) => {
    await fillNetworkForm(page, VLAN10);
    for (const host of HOSTS) {
      await expect(page.getByTestId(`plan-${host}`).getByTestId('plan-step').first()).toHaveText(
        /^ip link add link eth0 name eth0\.10 type vlan id 10\b/,
        { timeout: 60_000 },
      );
      await expect(page.getByTestId(`plan-lease-${host}`)).toHaveAttribute('data-store', HUB_STORE);
    }
    // Coordinated: the "agents allocate on their own" warning is gone (it returns only on opt-out).
    await expect(page.getByTestId('nf-coordinate')).toBeChecked();
    await expect(page.getByTestId('nf-multihost-warning')).toHaveCount(0);
    await submitNetworkForm(page, HOSTS);
    for (const host of HOSTS) {
      expect(await networkNames(host)).toEqual(['vlan10']);
      // No --ip-range slice: the leases keep the hosts apart.
      expect((await inspectNetwork(host, 'vlan10')).ranges).toEqual({ [VLAN10.subnet]: undefined });
    }
  });

  test("a container on each host, connected to VLAN 10 without static addresses: different addresses, each inside a block its host holds in the hub's store", async ({
    page,
  }) => {
    await page.goto('/containers');
    await createContainer(page, 'host-a', 'web-a');
    await createContainer(page, 'host-b', 'web-b');
    await connectContainer(page, { host: 'host-a', network: 'vlan10', container: 'web-a' });
    await connectContainer(page, { host: 'host-b', network: 'vlan10', container: 'web-b' });
    const blocks = await heldBlocks(page, 'vlan10', VLAN10.subnet);
    for (const [host, container] of [
      ['host-a', 'web-a'],
      ['host-b', 'web-b'],
    ] as const) {
      const address = (await inspectNetwork(host, 'vlan10')).ipv4[container] ?? '';
      const own = blocks[host] ?? [];
      expect(
        own.some((block) => inCidr(address, block)),
        `${container} got ${address}, outside ${host}'s blocks [${own.join(', ')}]`,
      ).toBe(true);
      vlan10Addresses[container] = address;
    }
    expect(vlan10Addresses['web-a']).not.toEqual(vlan10Addresses['web-b']);
  });

  test('the topology draws VLAN 10 as one segment spanning both hosts, with both containers', async ({
    page,
  }, testInfo) => {
    await page.goto('/topology');
    const segment = segmentOf(page, 10);
    await expect(segment).toHaveCount(1);
    await expect(segment).toContainText('spans 2 hosts');
    await expect(segment).toHaveAttribute('data-hosts', 'host-a,host-b');
    for (const [container, host] of [
      ['web-a', 'host-a'],
      ['web-b', 'host-b'],
    ] as const) {
      // Connected: the container hangs from its subnet (one link) and carries its VLAN 10 address.
      const details = await openNodeDetails(page, container);
      await expect(details).toHaveAttribute('data-kind', 'container');
      await expect(details).toContainText(`container on ${host} · 1 link`);
      await expect(details).toContainText(vlan10Addresses[container] ?? 'not connected');
    }
    await clearSearchAndFit(page);
    await saveScreenshot(page, testInfo, 'topology-vlan10');
  });

  test('a VLAN 20 network with one container is a second segment, on host-a only', async ({
    page,
  }, testInfo) => {
    await fillNetworkForm(page, VLAN20);
    await expect(page.getByTestId('plan-host-a').getByTestId('plan-step').first()).toHaveText(
      /^ip link add link eth0 name eth0\.20 type vlan id 20\b/,
      { timeout: 60_000 },
    );
    await submitNetworkForm(page, VLAN20.hosts);
    await page.goto('/containers');
    await createContainer(page, 'host-a', 'db-a');
    await connectContainer(page, {
      host: 'host-a',
      network: 'vlan20',
      container: 'db-a',
      ip: '172.16.20.10',
    });

    await page.goto('/topology');
    await expect(segmentOf(page, 20)).toHaveCount(1);
    await expect(segmentOf(page, 20)).toContainText('spans 1 host');
    await expect(segmentOf(page, 10)).toContainText('spans 2 hosts');
    const details = await openNodeDetails(page, 'db-a');
    await expect(details).toContainText('container on host-a · 1 link');
    await expect(details).toContainText('172.16.20.10');
    await clearSearchAndFit(page);
    await saveScreenshot(page, testInfo, 'topology');
  });

  test('the connectivity matrix: the VLAN 10 pair reachable, VLAN 10 ↔ VLAN 20 isolated, no mismatch', async ({
    page,
  }, testInfo) => {
    await page.goto('/matrix');
    const [webA, webB, dbA] = [
      await pickEndpoint(page, 'web-a'),
      await pickEndpoint(page, 'web-b'),
      await pickEndpoint(page, 'db-a'),
    ];
    await expect(page.getByTestId('matrix-selected-count')).toHaveText('3 selected');
    await page.getByTestId('matrix-family').selectOption('4');
    await page.getByTestId('matrix-count').selectOption('1');
    await page.getByTestId('matrix-run').click();

    const summary = page.getByTestId('matrix-summary');
    await expect(summary).toBeVisible({ timeout: 120_000 });
    await expect(summary).toContainText(/^6 pairs, 6 match, 0 mismatch/);
    await expect(summary).toHaveAttribute('data-mismatches', '0');
    await expect(page.getByTestId('matrix-progress')).toHaveAttribute('data-done', '6');
    const expected = [
      [webA, webB, 'reachable'],
      [webB, webA, 'reachable'],
      [webA, dbA, 'isolated'],
      [dbA, webA, 'isolated'],
      [webB, dbA, 'isolated'],
      [dbA, webB, 'isolated'],
    ] as const;
    for (const [from, to, observed] of expected) {
      const cell = matrixCell(page, from, to);
      await expect(cell).toHaveAttribute('data-observed', observed);
      await expect(cell).toHaveAttribute('data-predicted', observed);
      await expect(cell).toHaveAttribute('data-verdict', 'match');
    }

    // A click shows the driver's rule behind the prediction.
    await matrixCell(page, webA, webB).click();
    await expect(page.getByTestId('matrix-detail-rule')).toHaveText('SAME_SEGMENT_SAME_SUBNET');
    await matrixCell(page, webB, dbA).click();
    await expect(page.getByTestId('matrix-detail-rule')).toHaveText('DIFFERENT_VLAN');
    await saveScreenshot(page, testInfo, 'matrix');
  });

  test('a bad subnet shows the field error and sends nothing', async ({ page }) => {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('networks.create')) sent.push(r.url());
    });
    await fillNetworkForm(page, {
      name: 'badnet',
      hosts: HOSTS,
      parent: 'eth0.30',
      subnet: '172.16.300.0/24',
    });
    await expect(page.getByTestId('nf-error-subnet')).toBeVisible();
    await expect(page.getByTestId('nf-submit')).toBeDisabled();
    await page.getByTestId('nf-subnet').press('Enter');
    await page.waitForTimeout(1_000);
    expect(sent).toEqual([]);
    expect(await networkNames('host-a')).toEqual(['vlan10', 'vlan20']);
    expect(await networkNames('host-b')).toEqual(['vlan10']);
  });

  test('a stopped agent turns its host offline in the UI, and online again when restarted', async ({
    page,
  }) => {
    const lab = await suiteLab();
    const status = page.getByTestId('host-status-host-b');
    await expect(status).toHaveAttribute('data-status', 'online');
    await stopAgent(lab, 'host-b');
    try {
      await expect(status).not.toHaveAttribute('data-status', 'online', { timeout: 60_000 });
      await expect(status).not.toHaveText('online');
      await expect(page.getByTestId('host-status-host-a')).toHaveAttribute('data-status', 'online');
    } finally {
      await startAgent(lab, 'host-b');
    }
    await expect(status).toHaveAttribute('data-status', 'online', { timeout: 120_000 });
  });

  test('a second page sees a network created in the first without a reload', async ({
    page,
    context,
  }) => {
    const watcher = await context.newPage();
    await watcher.goto('/networks');
    await expect(watcher.getByTestId('network-chip-vlan10-host-a')).toBeVisible();
    const row = watcher.getByTestId('network-chip-vlan30-host-b');
    await expect(row).toHaveCount(0);
    let reloaded = false;
    watcher.on('load', () => (reloaded = true));

    await fillNetworkForm(page, {
      name: 'vlan30',
      hosts: ['host-b'],
      parent: 'eth0.30',
      subnet: '172.16.30.0/24',
    });
    await submitNetworkForm(page, ['host-b']);
    await expect(row).toBeVisible({ timeout: 30_000 });
    expect(reloaded).toBe(false);
  });

  test('a static address that the other host of the network holds is refused next to the field, and nothing is connected', async ({
    page,
  }) => {
    await page.goto('/containers');
    await createContainer(page, 'host-b', 'web-b2');
    const taken = vlan10Addresses['web-a'] ?? '';
    await page.getByTestId('cn-host').selectOption({ label: 'host-b' });
    await page.getByTestId('cn-network').selectOption('vlan10');
    await page.getByTestId('cn-container').selectOption('web-b2');
    await page.getByTestId('cn-ip').fill(taken);
    await page.getByTestId('cn-submit').click();
    await expect(page.getByTestId('cn-ip-error')).toContainText(
      `${taken} is already used by container web-a on host-a`,
    );
    // Free today, but inside a block host-a holds: host-a's agent hands it out without asking.
    const [block = ''] = (await heldBlocks(page, 'vlan10', VLAN10.subnet))['host-a'] ?? [];
    const free = lastButOne(block);
    expect(free).not.toEqual(taken);
    await page.getByTestId('cn-ip').fill(free);
    await page.getByTestId('cn-submit').click();
    await expect(page.getByTestId('cn-ip-error')).toContainText(
      `${free} is in block ${block} of segment trunk=eth0,vlan=10,subnet=172.16.80.0_24, held by host host-a`,
    );
    expect((await inspectNetwork('host-b', 'vlan10')).ipv4).not.toHaveProperty('web-b2');
  });

  test('an address used on two hosts anyway (networks made with the CLI on each host on a plain parent, which the agents keep host-local) is flagged on the network detail', async ({
    page,
  }) => {
    const pairs = [
      ['host-a', 'd40-a'],
      ['host-b', 'd40-b'],
    ] as const;
    for (const [host, container] of pairs) {
      // The untagged trunk: one wire, but a plain parent is no segment to the agents, so no leases.
      await underlay(host, [
        'network',
        'create',
        '-d',
        'ipvlan',
        '--subnet',
        '172.16.40.0/24',
        '-o',
        'parent=eth0',
        'dup40',
      ]);
      await underlay(host, ['container', 'create', container]);
      await underlay(host, ['network', 'connect', 'dup40', container]);
    }
    await page.goto('/networks');
    await page.getByTestId('network-open-dup40').click();
    const flag = page.getByTestId('span-duplicate');
    await expect(flag).toHaveAttribute('data-address', '172.16.40.2');
    await expect(flag).toContainText('d40-a on host-a');
    await expect(flag).toContainText('d40-b on host-b');
    // Off the trunk's untagged side again, so nothing later shares it.
    for (const [host, container] of pairs) {
      await underlay(host, ['network', 'disconnect', 'dup40', container]);
      await underlay(host, ['network', 'rm', 'dup40']);
    }
  });

  test('adding a network to one more host from its detail gives that host the whole subnet, and its container an address from its own blocks', async ({
    page,
  }) => {
    // Made with the CLI on host-a alone, with a container there.
    await underlay('host-a', [
      'network',
      'create',
      '-d',
      'ipvlan',
      '--subnet',
      '172.16.50.0/24',
      '-o',
      'parent=eth0.50',
      'span50',
    ]);
    await underlay('host-a', ['container', 'create', 's50-a']);
    await underlay('host-a', ['network', 'connect', 'span50', 's50-a']);
    await page.goto('/networks');
    await page.getByTestId('network-open-span50').click();
    await page.getByTestId('span-add-host').selectOption({ label: 'host-b' });
    await page.getByTestId('span-add-submit').click();
    await expect(page.getByTestId('span-add-ok')).toContainText('host-b: whole subnet', {
      timeout: 60_000,
    });
    await expect(page.getByTestId('span-member-host-b')).toContainText(
      '172.16.50.0/24: whole subnet',
    );
    expect((await inspectNetwork('host-b', 'span50')).ranges).toEqual({
      '172.16.50.0/24': undefined,
    });
    await underlay('host-b', ['container', 'create', 's50-b']);
    await underlay('host-b', ['network', 'connect', 'span50', 's50-b']);
    const blocks = await heldBlocks(page, 'span50', '172.16.50.0/24');
    const addresses = [];
    for (const [host, container] of [
      ['host-a', 's50-a'],
      ['host-b', 's50-b'],
    ] as const) {
      const address = (await inspectNetwork(host, 'span50')).ipv4[container] ?? '';
      const own = blocks[host] ?? [];
      expect(
        own.some((block) => inCidr(address, block)),
        `${container} got ${address}, outside ${host}'s blocks [${own.join(', ')}]`,
      ).toBe(true);
      addresses.push(address);
    }
    expect(addresses[0]).not.toEqual(addresses[1]);
  });

  test('a subnet too small to give each host an address block is refused at the field, naming both fixes, and nothing is sent', async ({
    page,
  }) => {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('networks.create')) sent.push(r.url());
    });
    await fillNetworkForm(page, {
      name: 'tiny',
      hosts: HOSTS,
      parent: 'eth0.60',
      subnet: '172.16.60.0/30',
    });
    await expect(page.getByTestId('nf-error-subnet')).toContainText(
      '172.16.60.0/30 is too small to give each of 2 hosts its own address block',
    );
    await expect(page.getByTestId('nf-error-subnet')).toContainText('a bigger subnet');
    await expect(page.getByTestId('nf-submit')).toBeDisabled();
    // Opting out sends the same range to both hosts: allowed, with the warning back.
    await page.getByTestId('nf-coordinate').uncheck();
    await expect(page.getByTestId('nf-error-subnet')).toHaveCount(0);
    await expect(page.getByTestId('nf-multihost-warning')).toBeVisible();
    expect(sent).toEqual([]);
  });

  test('the Containers page lists each endpoint with its addresses and the MAC inside the namespace; Disconnect deletes the link and the static address is free at once', async ({
    page,
  }) => {
    const native: string[] = [];
    page.on('dialog', (d) => {
      native.push(d.message());
      void d.dismiss();
    });
    await page.goto('/containers');
    const webA = page.getByTestId('endpoint-row-host-a-web-a-vlan10');
    await expect(webA.getByTestId('ep-ipv4')).toHaveText(`${vlan10Addresses['web-a']}/24`);
    const row = page.getByTestId('endpoint-row-host-a-db-a-vlan20');
    await expect(row.getByTestId('ep-ipv4')).toHaveText('172.16.20.10/24');
    const netns = await containerNetns(page, 'host-a', 'db-a');
    const hostA = (await suiteLab()).host('host-a');
    const links = async () =>
      JSON.parse((await hostA.exec(['ip', '-n', netns, '-j', 'link', 'show'])).stdout) as {
        ifname: string;
        address: string;
      }[];
    // The MAC shown is the kernel's, read in the container's namespace (an ipvlan link has its parent's MAC).
    const ifname = (await row.locator('td').nth(3).innerText()).trim();
    const link = (await links()).find((l) => l.ifname === ifname);
    expect(link, `${ifname} in ${netns}`).toBeDefined();
    await expect(row.getByTestId('ep-mac')).toHaveText(link!.address);

    await page.getByTestId('endpoint-disconnect-host-a-db-a-vlan20').click();
    // A styled dialog names the link and the address that go before anything is sent.
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText('Disconnect db-a from vlan20 on host-a?');
    await expect(dialog.getByTestId('disconnect-summary')).toContainText(ifname);
    await expect(dialog.getByTestId('disconnect-summary')).toContainText('172.16.20.10/24');
    await dialog.getByTestId('modal-confirm').click();
    await expect(dialog).toHaveCount(0);
    await expect(row).toHaveCount(0, { timeout: 30_000 });
    expect(native).toEqual([]);
    expect((await links()).map((l) => l.ifname)).toEqual(['lo']);
    expect((await inspectNetwork('host-a', 'vlan20')).ipv4).not.toHaveProperty('db-a');

    // The static address is free again at once (the seed's Docker bug must not exist).
    await connectContainer(page, {
      host: 'host-a',
      network: 'vlan20',
      container: 'db-a',
      ip: '172.16.20.10',
    });
    await expect(
      page.getByTestId('endpoint-row-host-a-db-a-vlan20').getByTestId('ep-ipv4'),
    ).toHaveText('172.16.20.10/24');
  });

  test('a search stays live: a container connected while it stands is counted without typing again, and gone when removed', async ({
    page,
  }) => {
    await page.goto('/topology');
    const search = page.getByTestId('topology-search');
    const matches = page.getByTestId('topology-matches');
    await search.fill('probe-');
    await expect(matches).toHaveText('0 matches');
    // The CLI, not the page: the change reaches the graph as an agent event.
    await underlay('host-a', ['container', 'create', 'probe-a']);
    await underlay('host-a', ['network', 'connect', 'vlan10', 'probe-a']);
    await expect(matches).toHaveText('1 match', { timeout: 30_000 });
    // Disconnected, it still hangs from its host (an idle container); removed, it is gone.
    await underlay('host-a', ['network', 'disconnect', 'vlan10', 'probe-a']);
    await underlay('host-a', ['container', 'rm', 'probe-a']);
    await expect(matches).toHaveText('0 matches', { timeout: 30_000 });
  });

  test('a link deleted by hand inside a container is marked as drift in the topology, and the mark goes after a repair', async ({
    page,
  }) => {
    await page.goto('/containers');
    const netns = await containerNetns(page, 'host-a', 'web-a');
    const hostA = (await suiteLab()).host('host-a');
    expect((await hostA.exec(['ip', '-n', netns, 'link', 'del', 'eth0'])).exitCode).toBe(0);
    // A drift check now (the agent's own runs every 60 s): `underlay network drift` on host-a.
    expect(await underlay('host-a', ['network', 'drift'])).toContain('web-a');

    await page.goto('/topology');
    const details = await openNodeDetails(page, 'web-a');
    await expect(details).toContainText('link-missing', { timeout: 30_000 });

    await underlay('host-a', ['network', 'repair']);
    await expect(details).not.toContainText('link-missing', { timeout: 30_000 });
    expect((await hostA.exec(['ip', '-n', netns, '-br', 'link'])).stdout).toMatch(/^eth0\b/m);
  });
});

/** The last address but one of an IPv4 block (below its top, which may be the subnet's broadcast). */
function lastButOne(block: string): string {
  const [base = '', bits = '32'] = block.split('/');
  const value =
    base.split('.').reduce((n, part) => n * 256 + Number(part), 0) + 2 ** (32 - Number(bits)) - 2;
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

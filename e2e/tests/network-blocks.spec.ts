import { expect, test } from '@playwright/test';
import { underlay } from '../src/agent-cli.js';
import { heldBlocks } from '../src/fleet-blocks.js';
import { logIn } from '../src/login.js';
import { HOSTS } from '../src/settings.js';

// The network page lists each fleet-IPAM segment once, with every host's
// blocks under it, and those are the blocks the hub's store records (the
// `networks.blocks` query); a host's card only counts its blocks. Made with
// the CLI on each host: a VLAN network with no --ip-range, one container on
// each, so each agent leases a block of the shared segment from the hub.
test.describe.configure({ mode: 'serial' });

const NAME = 'blocks80';
const SUBNET = '10.208.0.0/24';
const SEGMENT = 'trunk=eth0,vlan=2080,subnet=10.208.0.0_24';
const CONTAINERS = { 'host-a': 'blk80-a', 'host-b': 'blk80-b' } as const;

test.beforeAll(async () => {
  for (const host of HOSTS) {
    await underlay(host, [
      ...['network', 'create', '-d', 'ipvlan', '--subnet', SUBNET],
      ...['-o', 'parent=eth0.2080', NAME],
    ]);
    await underlay(host, ['container', 'create', CONTAINERS[host]]);
    await underlay(host, ['network', 'connect', NAME, CONTAINERS[host]]);
  }
});

test.afterAll(async () => {
  for (const host of HOSTS) {
    await underlay(host, ['network', 'disconnect', NAME, CONTAINERS[host]]);
    await underlay(host, ['network', 'rm', NAME]);
    await underlay(host, ['container', 'rm', CONTAINERS[host]]);
  }
});

test.beforeEach(async ({ page }) => logIn(page));

test("a segment two hosts share is listed once on the network page, with each host's blocks from the hub's store under it", async ({
  page,
}) => {
  await page.goto(`/networks/${NAME}`);
  const held = await heldBlocks(page, NAME, SUBNET);
  expect(Object.keys(held).sort()).toEqual([...HOSTS]);

  const section = page.getByTestId('network-segments');
  await expect(section.locator('[data-segment]')).toHaveCount(1);
  const segment = section.locator(`[data-segment="${SEGMENT}"]`);
  await expect(segment).toContainText(SUBNET);
  for (const host of HOSTS) {
    const blocks = held[host] ?? [];
    expect(blocks.length).toBeGreaterThan(0);
    const line = segment.getByTestId(`segment-host-${SEGMENT}-${host}`);
    for (const block of blocks)
      await expect(line.getByTestId(`block-${host}-${block}`)).toBeVisible();
    await expect(line.locator('[data-testid^="block-"]')).toHaveCount(blocks.length);

    // The card says how many blocks, and repeats neither the segment nor the blocks.
    const card = page.getByTestId(`network-host-${host}`);
    const alloc = card.getByTestId(`alloc-${host}-${SUBNET}`);
    await expect(alloc).toHaveAttribute('data-kind', 'blocks');
    await expect(alloc).toContainText(`${blocks.length} block`);
    // innerText: what is shown (the raw inspect, closed, holds the agent's own report).
    expect(await card.evaluate((el) => (el as HTMLElement).innerText)).not.toContain(SEGMENT);
    // Shown once over the cards and the segments (the events below may name a block's claim).
    const shown = await page
      .locator('article[data-testid^="network-host-"], [data-testid="network-segments"]')
      .evaluateAll((els) => els.map((el) => (el as HTMLElement).innerText).join('\n'));
    for (const block of blocks) expect(shown.split(block).length - 1, block).toBe(1);
  }
});

import { expect, test, type Page } from '@playwright/test';
import { underlay } from '../src/agent-cli.js';
import { saveScreenshot } from '../src/artifacts.js';
import { logIn } from '../src/login.js';
import { exposeCy, layoutProblems, waitForLabel } from '../src/topology-cy.js';

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

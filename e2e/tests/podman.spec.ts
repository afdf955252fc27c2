import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import {
  podman,
  podmanOk,
  PODMAN_DIR,
  PODMAN_ROOTFS,
  preparePodman,
  removeConflist,
  writeConflist,
  type LabHost,
} from '@underlay/lab';
import { suiteLab, underlay } from '../src/agent-cli.js';
import { logIn } from '../src/login.js';
import { HOSTS, REPO_ROOT } from '../src/settings.js';
import { openNodeDetails } from '../src/topology-page.js';

// Podman's containers on the dashboard: real Podman (CNI backend, crun) in
// both lab guests of the suite's lab, a conflist for an underlay-cni network
// on VLAN 140 on each (one ip-range per host), a `podman run -d` container on
// each; the topology draws both as the agent records them (`cni-` and the
// container id, found through the search and the node details), and
// `podman rm -f` takes them off the graph live. The network, the conflist and
// Podman's state (tmpfs) are removed at the end so the teardown finds nothing.

const NET = 'pod140';
const RANGES = { 'host-a': '172.16.140.64/27', 'host-b': '172.16.140.96/27' } as const;
/** The built plugin as the guests see it (they share the machine's files, read-only). */
const PLUGIN_DIR = join(REPO_ROOT, 'apps/agent/dist');
const nameOn = (host: string) => `pweb-${host.slice(-1)}`;

const conflist = (host: keyof typeof RANGES) => ({
  cniVersion: '0.4.0',
  name: NET,
  plugins: [
    {
      type: 'underlay-cni',
      parent: 'eth0.140',
      subnets: [{ subnet: '172.16.140.0/24', gateway: '172.16.140.1', ipRange: RANGES[host] }],
    },
  ],
});

/** `podman run -d` of a busybox sleeping an hour on NET; resolves with Podman's container id. */
async function runOn(g: LabHost, name: string): Promise<string> {
  const argv = ['run', '-d', '--name', name, '--network', NET, '--rootfs', PODMAN_ROOTFS];
  return (await podmanOk(g, [...argv, '/bin/sleep', '3600'])).trim();
}

/** The container's address on NET, as Podman reports it. */
async function addressOf(g: LabHost, name: string): Promise<string> {
  const [info] = JSON.parse(await podmanOk(g, ['inspect', name])) as {
    NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  }[];
  return info?.NetworkSettings.Networks[NET]?.IPAddress ?? '';
}

test('Podman containers on an underlay-cni network are drawn on the topology, and go when removed', async ({
  page,
}) => {
  test.setTimeout(900_000); // podman run -d takes tens of seconds in a guest, more under load
  const lab = await suiteLab();
  const guests = HOSTS.map((h) => [h, lab.host(h)] as const satisfies readonly [string, LabHost]);
  try {
    await Promise.all(
      guests.map(async ([h, g]) => {
        await preparePodman(g, PLUGIN_DIR);
        await writeConflist(g, NET, conflist(h));
      }),
    );
    const ids = await Promise.all(guests.map(([h, g]) => runOn(g, nameOn(h))));
    const ips = await Promise.all(guests.map(([h, g]) => addressOf(g, nameOn(h))));
    expect(ips[0]).toMatch(/^172\.16\.140\.(6[4-9]|[7-8]\d|9[0-5])$/);
    expect(ips[1]).toMatch(/^172\.16\.140\.(9[6-9]|1[01]\d|12[0-7])$/);
    // The agent names a CNI container `cni-ID` (long ids cut, plus a hash): its first 12 hex digits find it.
    const labels = ids.map((id) => `cni-${id.slice(0, 12)}`);

    await logIn(page);
    await page.goto('/topology');
    for (const [i, [h]] of guests.entries()) {
      const details = await openNodeDetails(page, labels[i] ?? '');
      await expect(details).toHaveAttribute('data-kind', 'container');
      await expect(details).toContainText(`container on ${h} · 1 link`);
      await expect(details).toContainText(ips[i] ?? '');
    }

    const search = page.getByTestId('topology-search');
    await search.fill('cni-');
    await expect(page.getByTestId('topology-matches')).toHaveText('2 matches');
    await Promise.all(guests.map(([h, g]) => podmanOk(g, ['rm', '-f', nameOn(h)])));
    await expect(page.getByTestId('topology-matches')).toHaveText('0 matches', {
      timeout: 60_000,
    });
  } finally {
    await Promise.all(
      guests.map(async ([h, g]) => {
        await podman(g, ['rm', '-f', '-a']);
        await removeConflist(g, NET).catch(() => undefined);
        await underlay(h, ['network', 'rm', NET]).catch(() => undefined);
        await g.exec(['sh', '-c', `umount /var/lib/cni; rm -rf ${PODMAN_DIR}`]);
      }),
    );
  }
});

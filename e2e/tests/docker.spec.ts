import { expect, test } from '@playwright/test';
import {
  docker,
  dockerOk,
  networkCreateArgv,
  runDetachedArgv,
  startDockerdOn,
  stopDockerdOn,
  type LabHost,
} from '@underlay/lab';
import { suiteLab } from '../src/agent-cli.js';
import { logIn } from '../src/login.js';
import { HOSTS } from '../src/settings.js';
import { openNodeDetails } from '../src/topology-page.js';

// Docker's containers on the dashboard: a real dockerd in both lab guests
// (the suite's lab), `docker network create -d underlay` on each, a
// container on each; the topology draws both (found the way a user finds a
// node: the search box, then its details), and `docker rm -f` takes them
// off the graph live (the plugin's events). dockerd is stopped at the end so
// the lab's teardown finds nothing of it.

const NET = 'dvlan130';
const SLICES = { 'host-a': '172.16.130.0/26', 'host-b': '172.16.130.64/26' } as const;
const FLAGS = ['--subnet', '172.16.130.0/24', '--gateway', '172.16.130.1', '-o', 'parent=eth0.130'];
const nameOn = (host: string) => `dweb-${host.slice(-1)}`;

test('Docker containers on an underlay network are drawn on the topology, and go when removed', async ({
  page,
}) => {
  test.setTimeout(900_000); // dockerd start 20-40 s and docker run -d ~20 s in a guest, more under load
  const lab = await suiteLab();
  const guests = HOSTS.map((h) => [h, lab.host(h)] as const satisfies readonly [string, LabHost]);
  await startDockerdOn(guests.map(([, g]) => g));
  try {
    await Promise.all(
      guests.map(([h, g]) =>
        dockerOk(g, networkCreateArgv('underlay', NET, [...FLAGS, '--ip-range', SLICES[h]])),
      ),
    );
    await Promise.all(guests.map(([h, g]) => dockerOk(g, runDetachedArgv(nameOn(h), NET))));

    await logIn(page);
    await page.goto('/topology');
    for (const [h] of guests) {
      const details = await openNodeDetails(page, nameOn(h));
      await expect(details).toHaveAttribute('data-kind', 'container');
      await expect(details).toContainText(`container on ${h} · 1 link`);
      await expect(details).toContainText(h === 'host-a' ? '172.16.130.2' : '172.16.130.64');
    }

    const search = page.getByTestId('topology-search');
    await search.fill('dweb-');
    await expect(page.getByTestId('topology-matches')).toHaveText('2 matches');
    await Promise.all(guests.map(([h, g]) => dockerOk(g, ['rm', '-f', nameOn(h)])));
    await expect(page.getByTestId('topology-matches')).toHaveText('0 matches', {
      timeout: 60_000,
    });
    await Promise.all(guests.map(([, g]) => dockerOk(g, ['network', 'rm', NET])));
  } finally {
    await Promise.all(guests.map(([h, g]) => docker(g, ['rm', '-f', nameOn(h)])));
    await Promise.all(guests.map(([, g]) => docker(g, ['network', 'rm', NET])));
    await stopDockerdOn(guests.map(([, g]) => g));
  }
});

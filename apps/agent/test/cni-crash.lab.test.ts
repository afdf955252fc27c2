import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { guest, PLUGIN } from './lab/cni-plugin';
import { labHosts, type LabHost } from './lab/lab-host';
import { killAgent } from './lab/records-match';
import {
  podman,
  podmanOk,
  preparePodman,
  PODMAN_ROOTFS as ROOTFS,
  writeConflist,
  type LabHost as Guest,
} from '@underlay/lab';

// Crash safety of underlay-cni: the agent is killed (SIGKILL) while a real
// Podman container start has its CNI ADD in flight. After the agent starts
// again, `podman rm -f` of that container and a new `podman run` work, and
// nothing is left: no ipvlan link of the network in any namespace of the
// guest, no address record, and the address is given out again.

const NET = 'crash41';
const PARENT = 'eth0.41';

let host: LabHost;
let raw: Guest;
let agent: AgentClient;

const conflist = {
  cniVersion: '0.4.0',
  name: NET,
  plugins: [
    {
      type: 'underlay-cni',
      parent: PARENT,
      subnets: [{ subnet: '172.16.41.0/24', gateway: '172.16.41.1', ipRange: '172.16.41.8/29' }],
    },
  ],
};

const run = (name: string) =>
  podman(raw, [
    'run',
    '-d',
    '--name',
    name,
    '--network',
    NET,
    '--rootfs',
    ROOTFS,
    '/bin/sleep',
    '3600',
  ]);

/** The container's address on NET, as Podman reports it. */
async function podIp(name: string): Promise<string> {
  const [info] = JSON.parse(await podmanOk(raw, ['inspect', name])) as {
    NetworkSettings: { Networks: Record<string, { IPAddress: string }> };
  }[];
  return info?.NetworkSettings.Networks[NET]?.IPAddress ?? '';
}

/** The addresses underlay's records hold on NET (`network inspect`). */
async function recordedAddresses(): Promise<string[]> {
  const inspect = await agent.networks.inspect.query({ network: NET });
  return Object.values(inspect.Containers).map((c) => c.IPv4Address);
}

/** The ipvlan links on PARENT in the host namespace, and every ipvlan link in Podman's namespaces. */
async function ipvlanLinks(): Promise<string[]> {
  const r = await host.exec([
    'sh',
    '-c',
    `ip -o link show type ipvlan | grep '@${PARENT}:' | sed 's/^/host: /'
     for ns in $(ip netns list | cut -d' ' -f1 | grep '^netns-'); do
       ip -n "$ns" -o link show type ipvlan | sed "s/^/$ns: /"
     done; true`,
  ]);
  return r.stdout.split('\n').filter((l) => l.trim());
}

beforeAll(async () => {
  [host] = (await labHosts(['host-a'])) as [LabHost];
  raw = await guest('host-a');
  await preparePodman(raw, dirname(PLUGIN));
  await writeConflist(raw, NET, conflist);
  agent = host.client();
});

afterAll(async () => {
  await podman(raw, ['rm', '-f', '-a']).catch(() => undefined);
  await host.startAgent().catch(() => undefined);
  agent = host.client();
  await agent.networks.remove.mutate({ network: NET }).catch(() => undefined);
  await agent.close();
});

describe('underlay-cni: kill -9 of the agent during a Podman container start', () => {
  let first = '';

  it('a container started before the crash gets the first address of the range; podman rm frees it', async () => {
    const r = await run('before');
    expect(r.exitCode, r.stderr).toBe(0);
    first = await podIp('before');
    expect(first).toBe('172.16.41.8');
    await podmanOk(raw, ['rm', '-f', 'before']);
    expect(await recordedAddresses()).toEqual([]);
  });

  // Where the agent dies: the journal's test hook (service/journal.ts) makes the
  // ADD's connect SIGKILL the agent after N of its kernel steps: 0 = its journal
  // row written, nothing done; 1 and 3 = part of the kernel steps done (the
  // hook fires only at a step the plan has). (Killing from outside at a watched
  // moment raced the ADD: on a quiet machine it landed after it.)
  for (const [when, afterStep] of [
    ['records', 0],
    ['kernel', 1],
    ['late', 3],
  ] as const) {
    it(`killed during the ADD (${when}): after the restart, rm -f and a new run work, nothing is orphaned`, async () => {
      writeFileSync(
        join(dirname(host.tokenFile), 'test-crash.json'),
        JSON.stringify({ operation: 'networks.connect', afterStep }),
      );
      await agent.close();
      await killAgent(host);
      await host.startAgent(); // reads the hook once
      agent = host.client();
      const started = await run(`crash-${when}`);
      await host.startAgent(); // the init loop restarts the killed agent: wait until it answers
      // The agent died inside the ADD: the plugin cannot answer success.
      expect(started.exitCode, started.stdout).not.toBe(0);
      await agent.close();
      agent = host.client();
      const held = (await agent.containers.list.query()).filter((c) => c.name.startsWith('cni-'));
      console.log(
        `killed (${when}): podman run exited ${started.exitCode}; after the restart the agent holds`,
        held.map((c) => `${c.name} [${c.endpoints.map((e) => e.ipv4Address).join(' ')}]`),
      );
      const rm = await podman(raw, ['rm', '-f', `crash-${when}`]);
      expect(rm.exitCode, rm.stderr).toBe(0);
      expect(await recordedAddresses()).toEqual([]);
      const cni = (await agent.containers.list.query()).filter((c) => c.name.startsWith('cni-'));
      expect(cni.map((c) => c.name)).toEqual([]);
      expect(await ipvlanLinks()).toEqual([]);
      const again = await run(`after-${when}`);
      expect(again.exitCode, again.stderr).toBe(0);
      expect(await podIp(`after-${when}`)).toBe(first);
      expect(await recordedAddresses()).toEqual([`${first}/24`]);
      await podmanOk(raw, ['rm', '-f', `after-${when}`]);
      expect(await ipvlanLinks()).toEqual([]);
    });
  }
});

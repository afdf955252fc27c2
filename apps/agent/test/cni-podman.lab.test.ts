import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { guest, PLUGIN } from './lab/cni-plugin';
import { labHosts, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';
import {
  podman,
  podmanOk,
  preparePodman,
  PODMAN_ROOTFS as ROOTFS,
  writeConflist,
  type LabHost as Guest,
} from '@underlay/lab';

// Real Podman 4.3 (crun, CNI backend) in both lab guests, its containers on an
// underlay network through underlay-cni: addresses from underlay's IPAM, the
// VLAN parent made by the agent, pings across the trunk and to a container
// underlay made itself, and `podman stop`/`podman rm` giving the address back.

const NET = 'pod40';
const RANGES = { 'host-a': '172.16.40.64/27', 'host-b': '172.16.40.96/27' } as const;

type Side = { host: LabHost; raw: Guest; agent: AgentClient };
let a: Side;
let b: Side;

const conflist = (name: keyof typeof RANGES) => ({
  cniVersion: '0.4.0',
  name: NET,
  plugins: [
    {
      type: 'underlay-cni',
      parent: 'eth0.40',
      subnets: [{ subnet: '172.16.40.0/24', gateway: '172.16.40.1', ipRange: RANGES[name] }],
    },
  ],
});

async function side(host: LabHost): Promise<Side> {
  const raw = await guest(host.name);
  await preparePodman(raw, dirname(PLUGIN));
  await writeConflist(raw, NET, conflist(host.name as keyof typeof RANGES));
  return { host, raw, agent: host.client() };
}

const run = (s: Side, name: string) =>
  podmanOk(s.raw, [
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

/** The container's address on NET and its namespace name, as Podman reports them. */
async function podInfo(s: Side, name: string): Promise<{ ip: string; netns: string }> {
  const [info] = JSON.parse(await podmanOk(s.raw, ['inspect', name])) as {
    NetworkSettings: { SandboxKey: string; Networks: Record<string, { IPAddress: string }> };
  }[];
  return {
    ip: info?.NetworkSettings.Networks[NET]?.IPAddress ?? '',
    netns: (info?.NetworkSettings.SandboxKey ?? '').replace(/^\/run\/netns\//, ''),
  };
}

/** underlay's endpoints on NET, as `container address`. */
async function endpoints(s: Side): Promise<string[]> {
  const containers = await s.agent.containers.list.query();
  const network = (await s.agent.networks.list.query()).find((n) => n.name === NET);
  return containers.flatMap((c) =>
    c.endpoints.filter((e) => e.networkId === network?.id).map((e) => `${c.name} ${e.ipv4Address}`),
  );
}

beforeAll(async () => {
  const [ha, hb] = (await labHosts(['host-a', 'host-b'])) as [LabHost, LabHost];
  [a, b] = await Promise.all([side(ha), side(hb)]);
});

afterAll(async () => {
  for (const s of [a, b]) {
    if (!s) continue;
    await podman(s.raw, ['rm', '-f', '-a']).catch(() => undefined);
    await s.agent.containers.remove.mutate({ container: 'u40' }).catch(() => undefined);
    await s.agent.networks.remove.mutate({ network: NET }).catch(() => undefined);
    await s.agent.close();
  }
});

describe('Podman on underlay through underlay-cni', () => {
  let pa: { ip: string; netns: string };
  let pb: { ip: string; netns: string };

  it('podman run on each host: an address from underlay IPAM, the VLAN parent made, the containers in underlay records', async () => {
    await Promise.all([run(a, 'pa'), run(b, 'pb')]);
    [pa, pb] = await Promise.all([podInfo(a, 'pa'), podInfo(b, 'pb')]);
    expect(pa.ip).toMatch(/^172\.16\.40\.(6[4-9]|[7-8]\d|9[0-5])$/);
    expect(pb.ip).toMatch(/^172\.16\.40\.(9[6-9]|1[01]\d|12[0-7])$/);
    for (const [s, p] of [
      [a, pa],
      [b, pb],
    ] as const) {
      expect(await endpoints(s)).toEqual([
        expect.stringMatching(new RegExp(` ${p.ip.replace(/\./g, '\\.')}/24$`)),
      ]);
      const parent = await s.host.exec(['ip', '-d', '-json', 'link', 'show', 'eth0.40']);
      expect(parent.exitCode).toBe(0);
      const link = await s.host.exec(['ip', '-n', p.netns, '-d', '-json', 'link', 'show', 'eth0']);
      expect(JSON.parse(link.stdout)[0].linkinfo.info_kind).toBe('ipvlan');
    }
  });

  it('the two Podman containers ping each other across the trunk', async () => {
    expect(await pings(a.host, pa.netns, pb.ip)).toBe(true);
    expect(await pings(b.host, pb.netns, pa.ip)).toBe(true);
  });

  it('a Podman container and a container underlay made on the same network ping each other', async () => {
    await a.agent.containers.create.mutate({ name: 'u40' });
    const { endpoint } = await a.agent.networks.connect.mutate({ network: NET, container: 'u40' });
    const u = (endpoint.ipv4Address ?? '').split('/')[0] ?? '';
    expect(await pings(a.host, 'u40', pa.ip)).toBe(true);
    expect(await pings(a.host, pa.netns, u)).toBe(true);
    expect(await pings(b.host, pb.netns, u)).toBe(true);
  });

  it('podman rm frees the address (records and kernel); podman stop does too', async () => {
    await podmanOk(a.raw, ['rm', '-f', 'pa']);
    expect((await endpoints(a)).some((e) => e.startsWith('cni-'))).toBe(false);
    expect((await a.host.exec(['ip', 'netns', 'list'])).stdout).not.toContain(pa.netns);
    await podmanOk(b.raw, ['stop', '-t', '0', 'pb']);
    expect(await endpoints(b)).toEqual([]);
    expect((await b.host.exec(['ip', 'netns', 'list'])).stdout).not.toContain(pb.netns);
    // The address is free again: a new container may take it.
    await podmanOk(b.raw, ['rm', 'pb']);
    await run(b, 'pb2');
    expect((await podInfo(b, 'pb2')).ip).toBe(pb.ip);
  });
});

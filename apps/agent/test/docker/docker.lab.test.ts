import {
  attachLab,
  docker,
  dockerOk,
  networkCreateArgv,
  restartDockerd,
  runDetachedArgv,
  startDockerdOn,
  type LabHost as Guest,
} from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../src/client';
import { containerLinks, inSandbox, inspectContainer, linkExists, pingFrom } from '../lab/docker';
import { labHosts, type LabHost } from '../lab/lab-host';

// A real dockerd 20.10 in each guest, using the agent's plugin socket
// (/run/docker/plugins/underlay.sock, the agent's default) for both its
// network and its IPAM driver. The container side is read from the guest
// with iproute2 inside Docker's sandbox (nsenter), independently of the agent.

let a: LabHost;
let b: LabHost;
let ga: Guest;
let gb: Guest;
let agentA: AgentClient;
let agentB: AgentClient;

beforeAll(async () => {
  const hosts = await labHosts(['host-a', 'host-b']);
  [a, b] = [hosts[0] as LabHost, hosts[1] as LabHost];
  const lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  [ga, gb] = [lab.host('host-a'), lab.host('host-b')];
  await startDockerdOn([ga, gb]);
  agentA = a.client();
  agentB = b.client();
}, 400_000);

/** The seed's VLAN 10 example (underlay's IPAM; each host adds its own --ip-range). */
const VLAN10 = ['--subnet', '172.16.80.0/24', '--gateway', '172.16.80.1', '-o', 'parent=eth0.10'];

afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
});

describe('docker network create -d underlay on two hosts (VLAN 10, the seed)', () => {
  it('connects containers across hosts, shows them to underlay, and removes only what it made', async () => {
    try {
      // host-b already has eth0.10, made by hand: underlay must leave it.
      expect(
        (
          await gb.exec([
            'sh',
            '-c',
            'ip link add link eth0 name eth0.10 type vlan id 10 && ip link set eth0.10 up',
          ])
        ).exitCode,
      ).toBe(0);
      const create = (range: string) =>
        networkCreateArgv('underlay', 'vlan10', [...VLAN10, '--ip-range', range]);
      const [idA, idB] = await Promise.all([
        dockerOk(ga, create('172.16.80.0/26')),
        dockerOk(gb, create('172.16.80.64/26')),
      ]);
      const networkA = (await agentA.networks.list.query()).find((n) => n.id === idA.trim());
      expect(networkA).toMatchObject({ parent: 'eth0.10', parentKind: 'vlan', mode: 'l2' });
      expect(await linkExists(ga, 'eth0.10')).toBe(true);
      const networkB = (await agentB.networks.list.query()).find((n) => n.id === idB.trim());
      expect(networkB).toMatchObject({ parent: 'eth0.10', mode: 'l2' });

      await Promise.all([
        dockerOk(ga, runDetachedArgv('web-a', 'vlan10')),
        dockerOk(gb, runDetachedArgv('web-b', 'vlan10')),
      ]);
      const [webA, webB] = await Promise.all([
        inspectContainer(ga, 'web-a', 'vlan10'),
        inspectContainer(gb, 'web-b', 'vlan10'),
      ]);
      expect(webA.ip).toBe('172.16.80.2'); // .0 network, .1 gateway
      expect(webB.ip).toBe('172.16.80.64');

      const [eth0] = (await containerLinks(ga, webA.sandbox)).filter((l) => l.ifname === 'eth0');
      expect(eth0?.linkinfo).toMatchObject({ info_kind: 'ipvlan', info_data: { mode: 'l2' } });
      expect(eth0?.addr_info).toContainEqual(
        expect.objectContaining({ family: 'inet', local: '172.16.80.2', prefixlen: 24 }),
      );
      const route = await inSandbox(ga, webA.sandbox, ['ip', '-4', 'route', 'show', 'default']);
      expect(route.stdout).toMatch(/default via 172\.16\.80\.1 dev eth0/);

      expect(await pingFrom(ga, webA.sandbox, webB.ip)).toBe(true);
      expect(await pingFrom(gb, webB.sandbox, webA.ip)).toBe(true);

      // underlay asks dockerd which container holds its endpoint: keyed by container id, as docker shows it
      const inspected = await agentA.networks.inspect.query({ network: idA.trim() });
      expect(inspected.Containers).toEqual({
        [webA.id]: expect.objectContaining({
          Name: 'web-a',
          EndpointID: webA.endpoint,
          IPv4Address: '172.16.80.2/24',
        }),
      });

      // disconnect: the link leaves the sandbox and the address is free again
      await dockerOk(ga, ['network', 'disconnect', 'vlan10', 'web-a']);
      expect((await containerLinks(ga, webA.sandbox)).map((l) => l.ifname)).toEqual(['lo']);
      const after = await agentA.networks.inspect.query({ network: idA.trim() });
      expect(Object.keys(after.Containers)).toEqual([]);
      await dockerOk(ga, ['network', 'connect', '--ip', '172.16.80.2', 'vlan10', 'web-a']);
      expect(await pingFrom(gb, webB.sandbox, '172.16.80.2')).toBe(true);

      await Promise.all([dockerOk(ga, ['rm', '-f', 'web-a']), dockerOk(gb, ['rm', '-f', 'web-b'])]);
      await Promise.all([
        dockerOk(ga, ['network', 'rm', 'vlan10']),
        dockerOk(gb, ['network', 'rm', 'vlan10']),
      ]);
      expect(await linkExists(ga, 'eth0.10')).toBe(false); // underlay made it
      expect(await linkExists(gb, 'eth0.10')).toBe(true); // made by hand
      expect(await agentA.networks.list.query()).toEqual([]);
      expect((await ga.exec(['ip', '-o', 'link', 'show', 'type', 'ipvlan'])).stdout).toBe('');
    } finally {
      // leave nothing for the next test, also when this one failed midway
      await Promise.all([docker(ga, ['rm', '-f', 'web-a']), docker(gb, ['rm', '-f', 'web-b'])]);
      await Promise.all([
        docker(ga, ['network', 'rm', 'vlan10']),
        docker(gb, ['network', 'rm', 'vlan10']),
      ]);
      await gb.exec(['ip', 'link', 'del', 'eth0.10']);
    }
  }, 400_000); // two docker runs, a disconnect, a connect: 60–120 s in guests, more under load

  it('refuses a typo in -o with the field and the fix, and changes nothing', async () => {
    const r = await docker(
      ga,
      networkCreateArgv('underlay', 'typo', [
        ...['--subnet', '172.16.81.0/24', '-o', 'parent=eth0.11', '-o', 'ipvlan-mode=l3'],
      ]),
    );
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toMatch(/ipvlan-mode.*ipvlan_mode/s);
    expect(await linkExists(ga, 'eth0.11')).toBe(false);
    expect(await agentA.networks.list.query()).toEqual([]);
    expect((await docker(ga, ['network', 'inspect', 'typo'])).exitCode).not.toBe(0);
  });
});

describe('restarts', () => {
  it('dockerd restart replays its requests; an agent restart loses nothing', async () => {
    try {
      await restartScenario();
    } finally {
      await docker(ga, ['rm', '-f', 'late', 'keep']);
      await docker(ga, ['network', 'rm', 'vlan10']);
    }
  }, 600_000);
});

async function restartScenario() {
  {
    const id = (await dockerOk(ga, networkCreateArgv('underlay', 'vlan10', VLAN10))).trim();
    await dockerOk(ga, runDetachedArgv('keep', 'vlan10', ['--restart', 'always']));
    expect((await inspectContainer(ga, 'keep', 'vlan10')).ip).toBe('172.16.80.2');

    await restartDockerd(ga); // keep is stopped (its endpoint deleted) and started again (a new one)
    const kept = await inspectContainer(ga, 'keep', 'vlan10');
    expect(kept.ip).toMatch(/^172\.16\.80\.\d+$/);
    const links = await containerLinks(ga, kept.sandbox);
    expect(links.find((l) => l.ifname === 'eth0')?.linkinfo?.info_kind).toBe('ipvlan');
    const shown = await agentA.networks.inspect.query({ network: id });
    expect(Object.values(shown.Containers).map((c) => c.EndpointID)).toEqual([kept.endpoint]);

    await a.stopAgent();
    await a.startAgent();
    await agentA.close();
    agentA = a.client();
    const again = await agentA.networks.inspect.query({ network: id });
    expect(Object.values(again.Containers).map((c) => c.IPv4Address)).toEqual([`${kept.ip}/24`]);
    expect(Object.keys(again.Containers)).toEqual([kept.id]); // dockerd names the container
    // the held address stays held: a new container gets another one, and both work
    await dockerOk(ga, runDetachedArgv('late', 'vlan10'));
    const late = await inspectContainer(ga, 'late', 'vlan10');
    expect(late.ip).not.toBe(kept.ip);
    expect(await pingFrom(ga, late.sandbox, kept.ip)).toBe(true); // L2 bridge: siblings reach each other
    await dockerOk(ga, ['network', 'disconnect', 'vlan10', 'late']);
    await dockerOk(ga, ['rm', '-f', 'late', 'keep']);
    await dockerOk(ga, ['network', 'rm', 'vlan10']);
    expect(await agentA.networks.list.query()).toEqual([]);
    expect(await linkExists(ga, 'eth0.10')).toBe(false);
  }
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// The host shim (-o host_shim=true) on a real kernel: the host's own namespace
// reaches its ipvlan containers through it, and they reach the host; without
// it they do not (the seed: "the default namespace is not reachable per IPvlan
// design"). The kernel is read with ip here, independently of the agent.

let a: LabHost;
let agent: AgentClient;

beforeAll(async () => ({ host: a, agent } = await labAgent()));

afterAll(async () => {
  await a?.exec(['ip', 'link', 'del', 'hand76']).catch(() => undefined);
  await removeMade(agent, {
    containers: ['shim-c1', 'shim-c2', 'shim-c3', 'shim-c4'],
    networks: ['shim70', 'shim70b', 'noshim71', 'shim72', 'shim76'],
  });
});

interface IpLink {
  ifname: string;
  link?: string;
  linkinfo?: { info_kind?: string; info_data?: { mode?: string } };
}

/** Host-namespace ipvlan links whose parent is `parent`, as the kernel lists them. */
async function ipvlansOn(parent: string): Promise<IpLink[]> {
  const r = await a.exec(['ip', '-d', '-json', 'link', 'show']);
  return (JSON.parse(r.stdout) as IpLink[]).filter(
    (l) => l.link === parent && l.linkinfo?.info_kind === 'ipvlan',
  );
}

/** IPv4 addresses on a host link (addr/prefix; the kernel's IPv6 link-local left out). */
async function addressesOf(dev: string): Promise<string[]> {
  const r = await a.exec(['ip', '-4', '-json', 'addr', 'show', 'dev', dev]);
  const [link] = JSON.parse(r.stdout) as { addr_info: { local: string; prefixlen: number }[] }[];
  return (link?.addr_info ?? []).map((i) => `${i.local}/${i.prefixlen}`);
}

async function shimAddress(network: string): Promise<string> {
  const inspect = await agent.networks.inspect.query({ network });
  return inspect.HostShim?.IPv4Address.split('/')[0] ?? '';
}

describe('host shim, L2', () => {
  it('lets the host ping its own container and the container ping the host; without it they do not', async () => {
    await agent.networks.create.mutate({
      name: 'shim70',
      ipam: [{ subnet: '10.70.0.0/24', gateway: '10.70.0.1' }],
      options: { parent: 'eth0.70', host_shim: 'true' },
    });
    await agent.networks.create.mutate({
      name: 'noshim71',
      ipam: [{ subnet: '10.71.0.0/24', gateway: '10.71.0.1' }],
      options: { parent: 'eth0.71' },
    });
    await agent.containers.create.mutate({ name: 'shim-c1' });
    await agent.containers.create.mutate({ name: 'shim-c2' });
    await agent.networks.connect.mutate({
      network: 'shim70',
      container: 'shim-c1',
      ipv4Address: '10.70.0.11',
    });
    await agent.networks.connect.mutate({
      network: 'noshim71',
      container: 'shim-c2',
      ipv4Address: '10.71.0.11',
    });

    const [shim, ...more] = await ipvlansOn('eth0.70');
    expect(more).toEqual([]);
    expect(shim?.ifname).toMatch(/^ulh[0-9a-f]{7}$/);
    expect(shim?.linkinfo?.info_data?.mode).toBe('l2');
    const shimAddrs = await addressesOf(shim!.ifname);
    expect(shimAddrs).toHaveLength(1);
    expect(shimAddrs[0]).toMatch(/^10\.70\.0\.\d+\/24$/);
    const hostSide = shimAddrs[0]!.split('/')[0]!;
    expect(await shimAddress('shim70')).toBe(hostSide);

    expect(await pings(a, null, '10.70.0.11')).toBe(true);
    expect(await pings(a, 'shim-c1', hostSide)).toBe(true);
    // No shim on eth0.71: the seed's behaviour stands.
    expect(await ipvlansOn('eth0.71')).toEqual([]);
    expect(await pings(a, null, '10.71.0.11')).toBe(false);
  });

  it('shares one shim between two networks on a parent, and keeps it until the last one goes', async () => {
    await agent.networks.create.mutate({
      name: 'shim70b',
      ipam: [{ subnet: '10.170.0.0/24', gateway: '10.170.0.1' }],
      options: { parent: 'eth0.70', host_shim: 'true' },
    });
    const [shim, ...more] = await ipvlansOn('eth0.70');
    expect(more).toEqual([]);
    expect(await addressesOf(shim!.ifname)).toHaveLength(2);
    await agent.networks.remove.mutate({ network: 'shim70b' });
    expect((await ipvlansOn('eth0.70')).map((l) => l.ifname)).toEqual([shim!.ifname]);
    expect(await addressesOf(shim!.ifname)).toHaveLength(1);
    expect(await pings(a, null, '10.70.0.11')).toBe(true);
  });

  it('reports the shim deleted by hand as drift, and the repair makes it again', async () => {
    const [shim] = await ipvlansOn('eth0.70');
    await a.exec(['ip', 'link', 'del', shim!.ifname]);
    const drift = await agent.networks.drift.query();
    expect(drift).toContainEqual(
      expect.objectContaining({ kind: 'shim-missing', link: shim!.ifname }),
    );
    expect(await pings(a, null, '10.70.0.11')).toBe(false);
    await agent.networks.repair.mutate();
    expect((await ipvlansOn('eth0.70')).map((l) => l.ifname)).toEqual([shim!.ifname]);
    expect(await pings(a, null, '10.70.0.11')).toBe(true);
    expect(await agent.networks.drift.query()).toEqual([]);
  });

  it('goes with the last network that wants it', async () => {
    await agent.networks.disconnect.mutate({ network: 'shim70', container: 'shim-c1' });
    await agent.networks.remove.mutate({ network: 'shim70' });
    const links = await a.exec(['ip', '-json', 'link', 'show']);
    const names = (JSON.parse(links.stdout) as { ifname: string }[]).map((l) => l.ifname);
    expect(names.filter((n) => n.startsWith('ulh') || n === 'eth0.70')).toEqual([]);
  });
});

describe('host shim, L3', () => {
  it('lets the host reach an L3 container through an l3 shim, and back', async () => {
    await agent.networks.create.mutate({
      name: 'shim72',
      ipam: [{ subnet: '10.72.0.0/24' }],
      options: { parent: 'eth0.72', ipvlan_mode: 'l3', host_shim: 'true' },
    });
    await agent.containers.create.mutate({ name: 'shim-c3' });
    await agent.networks.connect.mutate({
      network: 'shim72',
      container: 'shim-c3',
      ipv4Address: '10.72.0.11',
    });
    const [shim] = await ipvlansOn('eth0.72');
    expect(shim?.linkinfo?.info_data?.mode).toBe('l3');
    const hostSide = (await addressesOf(shim!.ifname))[0]!.split('/')[0]!;
    expect(await pings(a, null, '10.72.0.11')).toBe(true);
    expect(await pings(a, 'shim-c3', hostSide)).toBe(true);
  });
});

// The agent keeps the host's addresses while its monitor follows address events (docs/perf.md): an address added or
// removed by hand after the list was cached must still decide the next create, in both directions.
describe('host shim, against addresses changed by hand', () => {
  const shim76 = {
    name: 'shim76',
    ipam: [{ subnet: '10.176.0.0/24', gateway: '10.176.0.1' }],
    options: { parent: 'eth0.76', host_shim: 'true' },
  };

  it('refuses a shim subnet that holds an address added after the list was cached, and takes it once it is gone', async () => {
    await a.exec(['ip', 'link', 'add', 'hand76', 'type', 'dummy']);
    // Two reads: the second comes from the cache when the agent keeps one.
    await agent.host.interfaces.query();
    expect((await agent.host.interfaces.query()).find((i) => i.name === 'hand76')).toBeDefined();
    await a.exec(['ip', 'addr', 'add', '10.176.0.9/24', 'dev', 'hand76']);
    const seen = (await agent.host.interfaces.query()).find((i) => i.name === 'hand76');
    expect(seen?.addresses).toContain('10.176.0.9/24');
    await expect(agent.networks.create.mutate(shim76)).rejects.toThrow(
      /already has 10\.176\.0\.9\/24 on hand76/,
    );
    expect((await ipvlansOn('eth0.76')).length).toBe(0);
    await a.exec(['ip', 'addr', 'del', '10.176.0.9/24', 'dev', 'hand76']);
    await agent.networks.create.mutate(shim76);
    expect(await ipvlansOn('eth0.76')).toHaveLength(1);
    await agent.networks.remove.mutate({ network: 'shim76' });
    await a.exec(['ip', 'link', 'del', 'hand76']);
  });
});

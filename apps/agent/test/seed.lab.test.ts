import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// More of the seed page's examples and DESIGN.md Behaviour 6, on two guests.
// Each test removes what it made, so the order of tests does not matter.

let a: LabHost;
let b: LabHost;
let agentA: AgentClient;
let agentB: AgentClient;

beforeAll(async () => {
  const hosts = await labHosts(['host-a', 'host-b']);
  [a, b] = [hosts[0] as LabHost, hosts[1] as LabHost];
  agentA = a.client();
  agentB = b.client();
});

afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
});

async function routes(host: LabHost, netns: string, family: 4 | 6): Promise<string> {
  return (
    await host.exec(['ip', '-n', netns, `-${family}`, 'route', 'show', 'default'])
  ).stdout.trim();
}

async function linkExists(host: LabHost, name: string): Promise<boolean> {
  return (await host.exec(['ip', 'link', 'show', 'dev', name])).exitCode === 0;
}

/** Makes containers on a host and connects each with its addresses. */
async function place(
  agent: AgentClient,
  network: string,
  containers: { name: string; ip?: string; ip6?: string }[],
) {
  const endpoints = [];
  for (const c of containers) {
    await agent.containers.create.mutate({ name: c.name });
    const { endpoint } = await agent.networks.connect.mutate({
      network,
      container: c.name,
      ...(c.ip ? { ipv4Address: c.ip } : {}),
      ...(c.ip6 ? { ipv6Address: c.ip6 } : {}),
    });
    endpoints.push(endpoint);
  }
  return endpoints;
}

/** Removes containers (their endpoints go with them), then the network. */
async function clear(agent: AgentClient, network: string, containers: string[]): Promise<void> {
  for (const name of containers)
    await agent.containers.remove.mutate({ container: name }).catch(() => undefined);
  await agent.networks.remove.mutate({ network }).catch(() => undefined);
}

describe('L2 on a VLAN parent (Behaviour 6)', () => {
  it('the host does not reach its own L2 children; the other host and its children do', async () => {
    for (const agent of [agentA, agentB]) {
      await agent.networks.create.mutate({
        name: 'v50',
        ipam: [{ subnet: '192.168.50.0/24', gateway: '192.168.50.1' }],
        options: { parent: 'eth0.50' },
      });
    }
    try {
      await place(agentA, 'v50', [{ name: 'a50', ip: '192.168.50.11' }]);
      await place(agentB, 'v50', [{ name: 'b50', ip: '192.168.50.21' }]);
      await a.exec(['ip', 'addr', 'add', '192.168.50.250/24', 'dev', 'eth0.50']);
      expect(await pings(a, null, '192.168.50.11')).toBe(false);
      expect(await pings(a, 'a50', '192.168.50.250')).toBe(false);
      expect(await pings(b, 'b50', '192.168.50.250')).toBe(true);
      expect(await pings(b, 'b50', '192.168.50.11')).toBe(true);
    } finally {
      await clear(agentA, 'v50', ['a50']);
      await clear(agentB, 'v50', ['b50']);
    }
    expect(await linkExists(a, 'eth0.50')).toBe(false);
  });

  it('different subnets on one L2 parent need a router; the same subnet does not', async () => {
    await agentA.networks.create.mutate({
      name: 'multi',
      options: { parent: 'eth0.60' },
      ipam: [
        { subnet: '192.168.60.0/24', gateway: '192.168.60.1' },
        { subnet: '192.168.61.0/24', gateway: '192.168.61.1' },
      ],
    });
    try {
      await place(agentA, 'multi', [
        { name: 'm1', ip: '192.168.60.10' },
        { name: 'm2', ip: '192.168.61.10' },
        { name: 'm3', ip: '192.168.60.11' },
      ]);
      expect(await pings(a, 'm1', '192.168.60.11')).toBe(true);
      expect(await pings(a, 'm1', '192.168.61.10')).toBe(false);
    } finally {
      await clear(agentA, 'multi', ['m1', 'm2', 'm3']);
    }
  });

  it('l2 private blocks child to child on one host', async () => {
    await agentA.networks.create.mutate({
      name: 'priv',
      options: { parent: 'eth0.65', ipvlan_flag: 'private' },
      ipam: [{ subnet: '192.168.65.0/24' }],
    });
    try {
      await place(agentA, 'priv', [
        { name: 'p1', ip: '192.168.65.10' },
        { name: 'p2', ip: '192.168.65.11' },
      ]);
      const inside = await a.exec(['ip', '-n', 'p1', '-d', 'link', 'show', 'eth0']);
      expect(inside.stdout).toMatch(/ipvlan\s+mode l2 private/);
      expect(await pings(a, 'p1', '192.168.65.11')).toBe(false);
    } finally {
      await clear(agentA, 'priv', ['p1', 'p2']);
    }
  });
});

describe('L3 with no parent (seed)', () => {
  // The seed: no parent gives a dummy (which reaches no wire, so the network is isolated),
  // not an internal network; its L3 subnets meet through `default dev eth0`.
  it('makes a dummy parent, ignores the gateway with a warning, its two subnets reach each other through default dev eth0, and rm deletes the dummy', async () => {
    const { network, warnings } = await agentA.networks.create.mutate({
      name: 'ipnet210',
      options: { ipvlan_mode: 'l3' },
      ipam: [{ subnet: '192.168.214.0/24', gateway: '192.168.214.1' }, { subnet: '10.1.214.0/24' }],
    });
    expect(network).toMatchObject({ parentKind: 'dummy', mode: 'l3', internal: false });
    expect(network.subnets.every((s) => s.gateway === undefined)).toBe(true);
    expect(warnings.map((w) => w.code)).toEqual(['GATEWAY_IGNORED_L3']);
    expect(await linkExists(a, network.parent)).toBe(true);
    expect((await a.exec(['ip', '-d', 'link', 'show', 'dev', network.parent])).stdout).toMatch(
      /\bdummy\b/,
    );
    expect((await agentA.networks.inspect.query({ network: 'ipnet210' })).Internal).toBe(false);
    try {
      await place(agentA, 'ipnet210', [
        { name: 'l3a', ip: '192.168.214.10' },
        { name: 'l3b', ip: '192.168.214.11' },
        { name: 'l3z', ip: '10.1.214.10' },
      ]);
      const inside = await a.exec(['ip', '-n', 'l3a', '-d', 'link', 'show', 'eth0']);
      expect(inside.stdout).toMatch(/ipvlan\s+mode l3 bridge/);
      for (const c of ['l3a', 'l3z'])
        expect(await routes(a, c, 4)).toMatch(/^default dev eth0(?!.*\bvia\b)/);
      expect(await pings(a, 'l3a', '192.168.214.11')).toBe(true);
      expect(await pings(a, 'l3a', '10.1.214.10')).toBe(true);
      expect(await pings(a, 'l3z', '192.168.214.10')).toBe(true);
    } finally {
      await clear(agentA, 'ipnet210', ['l3a', 'l3b', 'l3z']);
    }
    expect(await linkExists(a, network.parent)).toBe(false);
  });

  it('L3 subnets on one VLAN parent reach each other through default dev routes (Behaviour 6)', async () => {
    await agentA.networks.create.mutate({
      name: 'l3vlan',
      options: { parent: 'eth0.214', ipvlan_mode: 'l3' },
      ipam: [{ subnet: '192.168.215.0/24' }, { subnet: '10.1.215.0/24' }],
    });
    try {
      await place(agentA, 'l3vlan', [
        { name: 'l3c', ip: '192.168.215.10' },
        { name: 'l3d', ip: '10.1.215.10' },
      ]);
      expect(await routes(a, 'l3c', 4)).toMatch(/^default dev eth0/);
      expect(await pings(a, 'l3c', '10.1.215.10')).toBe(true);
      expect(await pings(a, 'l3d', '192.168.215.10')).toBe(true);
    } finally {
      await clear(agentA, 'l3vlan', ['l3c', 'l3d']);
    }
  });

  it('dual-stack L3 on VLAN 118: default routes through the link, no next hop, in both families', async () => {
    await agentA.networks.create.mutate({
      name: 'ipvlan118',
      ipv6: true,
      options: { parent: 'eth0.118', ipvlan_mode: 'l3' },
      ipam: [{ subnet: '192.168.118.0/24' }, { subnet: '2001:db8:abc9::/64' }],
    });
    try {
      await place(agentA, 'ipvlan118', [
        { name: 'l118', ip: '192.168.118.10', ip6: '2001:db8:abc9::10' },
      ]);
      expect(await routes(a, 'l118', 4)).toMatch(/^default dev eth0/);
      expect(await routes(a, 'l118', 6)).toMatch(/^default dev eth0/);
    } finally {
      await clear(agentA, 'ipvlan118', ['l118']);
    }
  });
});

describe('IPv6 (seed)', () => {
  it('an IPv6-only L2 network on VLAN 139 gets an IPv4 subnet from the default pools, and IPv6 works across hosts', async () => {
    for (const agent of [agentA, agentB]) {
      const { network } = await agent.networks.create.mutate({
        name: 'v6139',
        ipv6: true,
        options: { parent: 'eth0.139' },
        ipam: [{ subnet: '2001:db8:abc8::/64', gateway: '2001:db8:abc8::10' }],
      });
      expect(network.subnets.find((s) => s.family === 4)).toMatchObject({ fromDefaultPool: true });
    }
    try {
      await place(agentA, 'v6139', [{ name: 'a139', ip6: '2001:db8:abc8::11' }]);
      await place(agentB, 'v6139', [{ name: 'b139', ip6: '2001:db8:abc8::21' }]);
      expect(await routes(a, 'a139', 6)).toMatch(/^default via 2001:db8:abc8::10 dev eth0/);
      expect(await pings(a, 'a139', '2001:db8:abc8::21')).toBe(true);
    } finally {
      await clear(agentA, 'v6139', ['a139']);
      await clear(agentB, 'v6139', ['b139']);
    }
  });

  it('dual stack on VLAN 140 with two IPv4 subnets and one IPv6, static --ip', async () => {
    await agentA.networks.create.mutate({
      name: 'ipvlan140',
      ipv6: true,
      options: { parent: 'eth0.140' },
      ipam: [
        { subnet: '192.168.140.0/24', gateway: '192.168.140.1' },
        { subnet: '192.168.142.0/24', gateway: '192.168.142.1' },
        { subnet: '2001:db8:abc2::/64', gateway: '2001:db8:abc2::22' },
      ],
    });
    try {
      const [e] = await place(agentA, 'ipvlan140', [{ name: 'd140', ip: '192.168.140.10' }]);
      expect(e?.ipv4Address).toBe('192.168.140.10/24');
      expect(e?.ipv6Address).toMatch(/^2001:db8:abc2::[0-9a-f]+\/64$/);
      expect(await routes(a, 'd140', 4)).toMatch(/^default via 192\.168\.140\.1 dev eth0/);
      expect(await routes(a, 'd140', 6)).toMatch(/^default via 2001:db8:abc2::22 dev eth0/);
    } finally {
      await clear(agentA, 'ipvlan140', ['d140']);
    }
  });
});

describe('--internal (seed)', () => {
  it('without a parent: a dummy parent; with a parent: that parent and no default route', async () => {
    const { network: isolated } = await agentA.networks.create.mutate({
      name: 'int1',
      internal: true,
      options: { ipvlan_mode: 'l3' },
      ipam: [{ subnet: '192.168.71.0/24' }, { subnet: '10.1.71.0/24' }],
    });
    expect(isolated).toMatchObject({ parentKind: 'dummy', internal: true });
    const { network: onVlan } = await agentA.networks.create.mutate({
      name: 'int2',
      internal: true,
      options: { parent: 'eth0.72' },
      ipam: [{ subnet: '192.168.72.0/24' }],
    });
    expect(onVlan).toMatchObject({ parent: 'eth0.72', internal: true });
    expect((await agentA.networks.inspect.query({ network: 'int1' })).Internal).toBe(true);
    try {
      await place(agentA, 'int2', [{ name: 'i72', ip: '192.168.72.10' }]);
      expect(await routes(a, 'i72', 4)).toBe('');
      // Its gateway address stays reserved, as dockerd does (IPVLAN-REFERENCE): the
      // first dynamic container gets .2, in the kernel too, and inspect shows the gateway.
      const [dynamic] = await place(agentA, 'int2', [{ name: 'i72d' }]);
      expect(dynamic?.ipv4Address).toBe('192.168.72.2/24');
      expect((await a.exec(['ip', '-n', 'i72d', '-4', '-o', 'addr', 'show'])).stdout).toContain(
        'inet 192.168.72.2/24',
      );
      expect(await routes(a, 'i72d', 4)).toBe('');
      const inspected = await agentA.networks.inspect.query({ network: 'int2' });
      expect(inspected.IPAM.Config[0]).toMatchObject({ Gateway: '192.168.72.1' });
      // --internal without a parent: still no default route, even in L3, so its two subnets do not meet.
      await place(agentA, 'int1', [
        { name: 'i71', ip: '192.168.71.10' },
        { name: 'i71z', ip: '10.1.71.10' },
      ]);
      expect(await routes(a, 'i71', 4)).toBe('');
      expect(await pings(a, 'i71', '10.1.71.10')).toBe(false);
    } finally {
      await clear(agentA, 'int2', ['i72', 'i72d']);
      await clear(agentA, 'int1', ['i71', 'i71z']);
    }
    expect(await linkExists(a, isolated.parent)).toBe(false);
  });
});

describe('addresses', () => {
  it('exhaustion is a clear error and leaves nothing behind', async () => {
    await agentA.networks.create.mutate({
      name: 'tiny',
      options: { parent: 'eth0.80' },
      ipam: [{ subnet: '192.168.80.0/30' }],
    });
    try {
      await place(agentA, 'tiny', [{ name: 't1' }]);
      await agentA.containers.create.mutate({ name: 't2' });
      const error = await agentA.networks.connect
        .mutate({ network: 'tiny', container: 't2' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({
        shape: { data: { code: 'CONFLICT', domain: { code: 'ADDRESS_EXHAUSTED' } } },
      });
      expect((await a.exec(['ip', '-n', 't2', '-json', 'link', 'show'])).stdout).not.toContain(
        'eth0',
      );
    } finally {
      await clear(agentA, 'tiny', ['t1', 't2']);
    }
  });
});

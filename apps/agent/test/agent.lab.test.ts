import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, removeMade, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// The agent on real kernels: two user-mode-linux guests on an 802.1Q trunk
// (packages/lab). Everything goes through the agent's tRPC API over the
// relayed unix socket; connectivity is checked with ping run inside the
// namespaces through the lab's exec channel, independently of diag.ping.

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

// Other lab files share these guests: leave them as found (containers first, so the networks are free).
// The restart test below stops host-a's agent, and nothing uses agentA after it: the clean-up goes through fresh
// clients, not one that must first reconnect (a run left dual30 behind for the next lab file, its errors swallowed).
afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
  if (a)
    await removeMade(a.client(), {
      containers: ['a10', 'a20', 'd1', 'd2'],
      networks: ['vlan10', 'vlan20', 'vlan40', 'dual30'],
    });
  if (b)
    await removeMade(b.client(), { containers: ['b10', 'b20'], networks: ['vlan10', 'vlan20'] });
});

/** Names of the host's links (ip -json link). */
async function linkNames(host: LabHost, netns?: string): Promise<string[]> {
  const r = await host.exec(['ip', ...(netns ? ['-n', netns] : []), '-json', 'link', 'show']);
  return (JSON.parse(r.stdout) as { ifname: string }[]).map((l) => l.ifname);
}

/** What the kernel shows: every link in detail and every named namespace. */
async function kernelState(host: LabHost): Promise<string> {
  const links = await host.exec(['ip', '-d', '-json', 'link', 'show']);
  const netns = await host.exec(['ip', 'netns', 'list']);
  const stable = (JSON.parse(links.stdout) as Record<string, unknown>[]).map(
    ({ stats64: _s, ...rest }) => rest,
  );
  return JSON.stringify(stable) + netns.stdout;
}

describe('seed: VLAN 10 on two hosts', () => {
  it('creates eth0.10 on each host, connects a container on each, and they ping each other across the trunk', async () => {
    for (const [agent, host] of [
      [agentA, a],
      [agentB, b],
    ] as const) {
      const { network } = await agent.networks.create.mutate({
        name: 'vlan10',
        ipam: [{ subnet: '192.168.10.0/24', gateway: '192.168.10.1' }],
        options: { parent: 'eth0.10' },
      });
      expect(network).toMatchObject({
        parent: 'eth0.10',
        parentKind: 'vlan',
        vlanId: 10,
        mode: 'l2',
        flag: 'bridge',
      });
      expect(await linkNames(host)).toContain('eth0.10');
    }
    await agentA.containers.create.mutate({ name: 'a10' });
    await agentB.containers.create.mutate({ name: 'b10' });
    const ea = await agentA.networks.connect.mutate({
      network: 'vlan10',
      container: 'a10',
      ipv4Address: '192.168.10.11',
    });
    const eb = await agentB.networks.connect.mutate({
      network: 'vlan10',
      container: 'b10',
      ipv4Address: '192.168.10.21',
    });
    expect(ea.endpoint).toMatchObject({ ifname: 'eth0', ipv4Address: '192.168.10.11/24' });
    expect(eb.endpoint).toMatchObject({ ifname: 'eth0', ipv4Address: '192.168.10.21/24' });

    const inside = await a.exec(['ip', '-n', 'a10', '-d', '-json', 'link', 'show', 'eth0']);
    const [link] = JSON.parse(inside.stdout) as {
      linkinfo: { info_kind: string; info_data: { mode: string } };
    }[];
    expect(link?.linkinfo).toMatchObject({ info_kind: 'ipvlan', info_data: { mode: 'l2' } });
    const route = await a.exec(['ip', '-n', 'a10', 'route', 'show', 'default']);
    expect(route.stdout).toMatch(/^default via 192\.168\.10\.1 dev eth0/);

    expect(await pings(a, 'a10', '192.168.10.21')).toBe(true);
    expect(await pings(b, 'b10', '192.168.10.11')).toBe(true);
    const diag = await agentA.diag.ping.query({
      container: 'a10',
      target: '192.168.10.21',
      count: 2,
    });
    expect(diag).toMatchObject({ ok: true, transmitted: 2, received: 2 });
  });

  it('inspect is shaped like docker network inspect', async () => {
    const doc = await agentA.networks.inspect.query({ network: 'vlan10' });
    expect(doc).toMatchObject({
      Name: 'vlan10',
      Driver: 'ipvlan',
      Scope: 'local',
      EnableIPv4: true,
      EnableIPv6: false,
      Internal: false,
      IPAM: { Driver: 'default', Config: [{ Subnet: '192.168.10.0/24', Gateway: '192.168.10.1' }] },
      Options: { parent: 'eth0.10' },
      Parent: 'eth0.10',
      ParentKind: 'vlan',
      VlanId: 10,
      Degraded: false,
      Containers: { a10: { Name: 'a10', IPv4Address: '192.168.10.11/24' } },
    });
    // MacAddress is the container link's, as the kernel shows it inside the namespace.
    const inside = await a.exec(['ip', '-n', 'a10', '-j', 'link', 'show', 'eth0']);
    const [link] = JSON.parse(inside.stdout) as { address: string }[];
    expect(link?.address).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(doc.Containers.a10?.MacAddress).toBe(link?.address);
  });
});

describe('seed: VLAN 20 is isolated from VLAN 10', () => {
  it('VLAN 20 containers reach each other across hosts but not VLAN 10', async () => {
    for (const agent of [agentA, agentB]) {
      await agent.networks.create.mutate({
        name: 'vlan20',
        ipam: [{ subnet: '192.168.20.0/24' }],
        options: { parent: 'eth0.20' },
      });
    }
    await agentA.containers.create.mutate({ name: 'a20' });
    await agentB.containers.create.mutate({ name: 'b20' });
    await agentA.networks.connect.mutate({
      network: 'vlan20',
      container: 'a20',
      ipv4Address: '192.168.20.12',
    });
    await agentB.networks.connect.mutate({
      network: 'vlan20',
      container: 'b20',
      ipv4Address: '192.168.20.22',
    });
    expect(await pings(a, 'a20', '192.168.20.22')).toBe(true);
    expect(await pings(a, 'a20', '192.168.10.21')).toBe(false);
    expect(await pings(b, 'b10', '192.168.20.12')).toBe(false);
  });
});

describe('seed: network rm deletes only what underlay made', () => {
  it('deletes eth0.20 (made by underlay) but never a manual VLAN 40 link', async () => {
    expect(
      (
        await a.exec([
          'ip',
          'link',
          'add',
          'link',
          'eth0',
          'name',
          'foo',
          'type',
          'vlan',
          'id',
          '40',
        ])
      ).exitCode,
    ).toBe(0);
    await a.exec(['ip', 'link', 'set', 'foo', 'up']);
    try {
      const { network } = await agentA.networks.create.mutate({
        name: 'vlan40',
        ipam: [{ subnet: '192.168.40.0/24' }],
        options: { parent: 'foo' },
      });
      expect(network.parent).toBe('foo');
      await agentA.networks.remove.mutate({ network: 'vlan40' });
      expect(await linkNames(a)).toContain('foo');

      await expect(agentA.networks.remove.mutate({ network: 'vlan20' })).rejects.toMatchObject({
        shape: { data: { domain: { code: 'NETWORK_HAS_ENDPOINTS' } } },
      });
      await agentA.networks.disconnect.mutate({ network: 'vlan20', container: 'a20' });
      const removed = await agentA.networks.remove.mutate({ network: 'vlan20' });
      expect(removed.removedLinks).toEqual(['eth0.20']);
      expect(await linkNames(a)).not.toContain('eth0.20');
      expect(await linkNames(a)).toContain('eth0.10');
    } finally {
      await a.exec(['ip', 'link', 'del', 'foo']);
    }
  });
});

describe('addresses are free again at once', () => {
  it('re-uses a static IPv4 and IPv6 address right after disconnect', async () => {
    await agentA.networks.create.mutate({
      name: 'dual30',
      ipv6: true,
      options: { parent: 'eth0.30' },
      ipam: [{ subnet: '192.168.30.0/24' }, { subnet: 'fd00:30::/64' }],
    });
    await agentA.containers.create.mutate({ name: 'd1' });
    await agentA.containers.create.mutate({ name: 'd2' });
    const first = await agentA.networks.connect.mutate({
      network: 'dual30',
      container: 'd1',
      ipv4Address: '192.168.30.5',
      ipv6Address: 'fd00:30::5',
    });
    expect(first.endpoint).toMatchObject({
      ipv4Address: '192.168.30.5/24',
      ipv6Address: 'fd00:30::5/64',
    });
    await expect(
      agentA.networks.connect.mutate({
        network: 'dual30',
        container: 'd2',
        ipv6Address: 'fd00:30::5',
      }),
    ).rejects.toMatchObject({
      shape: { data: { domain: { code: 'ADDRESS_IN_USE', path: ['ipv6Address'] } } },
    });
    await agentA.networks.disconnect.mutate({ network: 'dual30', container: 'd1' });
    const again = await agentA.networks.connect.mutate({
      network: 'dual30',
      container: 'd2',
      ipv4Address: '192.168.30.5',
      ipv6Address: 'fd00:30::5',
    });
    expect(again.endpoint).toMatchObject({
      ipv4Address: '192.168.30.5/24',
      ipv6Address: 'fd00:30::5/64',
    });
    const addrs = await a.exec(['ip', '-n', 'd2', '-json', 'addr', 'show', 'eth0']);
    expect(addrs.stdout).toContain('"192.168.30.5"');
    expect(addrs.stdout).toContain('"fd00:30::5"');
  });
});

describe('rollback', () => {
  it('a connect refused by the kernel midway leaves no link and no allocation', async () => {
    // A sibling ipvlan link that underlay does not know holds 192.168.30.77: the kernel refuses the address.
    await a.exec(['ip', 'netns', 'add', 'squatter']);
    try {
      await a.exec([
        'ip',
        'link',
        'add',
        'link',
        'eth0.30',
        'name',
        'sq0',
        'type',
        'ipvlan',
        'mode',
        'l2',
      ]);
      await a.exec(['ip', 'link', 'set', 'sq0', 'netns', 'squatter']);
      await a.exec(['ip', '-n', 'squatter', 'addr', 'add', '192.168.30.77/24', 'dev', 'sq0']);
      await a.exec(['ip', '-n', 'squatter', 'link', 'set', 'sq0', 'up']);
      const before = await agentA.networks.inspect.query({ network: 'dual30' });
      const hostLinks = await linkNames(a);

      const error = await agentA.networks.connect
        .mutate({ network: 'dual30', container: 'd1', ipv4Address: '192.168.30.77' })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ shape: { data: { domain: { code: 'ROLLED_BACK' } } } });
      expect((error as Error).message).toMatch(
        /addrAdd 192\.168\.30\.77\/24 dev eth0 \(in d1\).*rolled back/,
      );

      expect(await linkNames(a, 'd1')).toEqual(['lo']);
      expect(await linkNames(a)).toEqual(hostLinks);
      const after = await agentA.networks.inspect.query({ network: 'dual30' });
      expect(after.Containers).toEqual(before.Containers);
      expect(after.Status).toEqual(before.Status);
      // the address it would have used is free: a dynamic connect works at once
      const ok = await agentA.networks.connect.mutate({ network: 'dual30', container: 'd1' });
      expect(ok.endpoint.ifname).toBe('eth0');
      // The failed container batch left no batch file and no forked ip: only the session, the host reader and the link
      // and address monitor run.
      expect((await a.exec(['find', '/run/underlay', '-name', '*.batch'])).stdout).toBe('');
      expect(
        (
          await a.exec([
            'find',
            '/run/underlay',
            '-maxdepth',
            '1',
            '-name',
            'batch-*',
            '-type',
            'd',
          ])
        ).stdout
          .trim()
          .split('\n'),
      ).toHaveLength(1);
      const ips = (await a.exec(['pgrep', '-a', '-x', 'ip'])).stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\d+ /, ''));
      expect(ips.sort()).toEqual([
        'ip -batch -',
        'ip -d -json -batch -',
        'ip -o -d monitor link address',
      ]);
    } finally {
      await a.exec(['ip', 'netns', 'del', 'squatter']);
    }
  });
});

describe('restart', () => {
  it('keeps endpoints and re-creates a VLAN parent deleted while the agent was down', async () => {
    await a.stopAgent();
    await a.exec(['ip', 'link', 'del', 'eth0.10']);
    await a.startAgent();
    const agent = a.client();
    try {
      expect(await linkNames(a)).toContain('eth0.10');
      const doc = await agent.networks.inspect.query({ network: 'vlan10' });
      expect(doc.Containers).toHaveProperty('a10');
      // deleting the parent took a10's ipvlan link with it: drift, then repair
      const drift = await agent.networks.drift.query();
      expect(drift.map((d) => d.kind)).toContain('link-missing');
      // The check is kept for the dashboard: host.snapshot carries it until a repair clears it.
      const snapshotDrift = async () =>
        (await agent.host.snapshot.query({ addresses: false, containerLinks: false })).drift ?? [];
      expect((await snapshotDrift()).map((d) => d.kind)).toContain('link-missing');
      const repaired = await agent.networks.repair.mutate();
      expect(repaired.reconnected).toEqual(['a10']);
      expect(await snapshotDrift()).toEqual([]);
      expect(await pings(a, 'a10', '192.168.10.21')).toBe(true);
    } finally {
      await agent.close();
    }
  });
});

describe('bad input', () => {
  it('is refused with the field named, and leaves the kernel unchanged', async () => {
    const agent = a.client();
    try {
      const before = await kernelState(a);
      const cases: [Record<string, unknown>, string][] = [
        [{ name: 'x1', options: { parent: 'eth0.10', ipvlan_mode: 'L2' } }, 'INVALID_MODE'],
        [{ name: 'x2', options: { parent: 'eth0.4095' } }, 'INVALID_VLAN_ID'],
        [{ name: 'x3', options: { parent: 'lo' } }, 'PARENT_LOOPBACK'],
        [{ name: 'x4', options: { parent: 'nope0.50' } }, 'PARENT_BASE_NOT_FOUND'],
        [{ name: 'x5', options: { parent: 'eth0.50', mtu: '9000' } }, 'UNKNOWN_OPTION'],
        [
          {
            name: 'x6',
            options: { parent: 'eth0.50' },
            ipam: [{ subnet: '10.60.0.0/24', gateway: '10.61.0.1' }],
          },
          'GATEWAY_OUTSIDE_SUBNET',
        ],
        [{ name: 'vlan10', options: { parent: 'eth0.50' } }, 'NETWORK_EXISTS'],
      ];
      for (const [input, code] of cases) {
        const error = await agent.networks.create.mutate(input as never).catch((e: unknown) => e);
        expect(error, code).toMatchObject({ shape: { data: { domain: { code } } } });
      }
      expect(await kernelState(a)).toBe(before);
    } finally {
      await agent.close();
    }
  });
});

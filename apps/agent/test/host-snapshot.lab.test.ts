import { HostSnapshotSchema, type HostSnapshot } from '@underlay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';

// host.snapshot on a real guest: one answer that must say what networks.list,
// containers.list, networks.inspect and host.interfaces say together, and
// what the kernel shows (links, addresses, each endpoint's link and addresses
// inside its namespace). A plain parent deleted behind the agent's back shows
// up as a degraded network without that link.

let a: LabHost;
let agent: AgentClient;

const NETWORKS = ['hs-vlan61', 'hs-int', 'hs-l3', 'hs-plain'];
const CONTAINERS = ['hs1', 'hs2', 'hsx'];

beforeAll(async () => {
  ({ host: a, agent } = await labAgent());
  await agent.networks.create.mutate({
    name: 'hs-vlan61',
    options: { parent: 'eth0.61' },
    ipv6: true,
    ipam: [{ subnet: '172.16.61.0/24' }, { subnet: 'fd00:61::/64' }],
  });
  await agent.networks.create.mutate({
    name: 'hs-int',
    internal: true,
    ipam: [{ subnet: '172.16.71.0/24' }],
  });
  await agent.networks.create.mutate({
    name: 'hs-l3',
    options: { parent: 'eth0.62', ipvlan_mode: 'l3' },
    ipam: [{ subnet: '172.16.62.0/24' }, { subnet: '172.16.63.0/24' }],
  });
  await agent.containers.create.mutate({ name: 'hs1' });
  await agent.containers.create.mutate({ name: 'hs2' });
  // An adopted namespace: its links are read from the kernel, not from the records.
  await a.exec(['ip', 'netns', 'add', 'hsx']);
  await agent.containers.attach.mutate({ name: 'hsx', netnsName: 'hsx' });
  await agent.networks.connect.mutate({ network: 'hs-vlan61', container: 'hs1' });
  await agent.networks.connect.mutate({ network: 'hs-int', container: 'hs1' });
  await agent.networks.connect.mutate({
    network: 'hs-l3',
    container: 'hs2',
    ipv4Address: '172.16.63.9',
  });
  await agent.networks.connect.mutate({ network: 'hs-vlan61', container: 'hsx' });
});

// Other lab files share this guest: leave it as found.
afterAll(() =>
  removeMade(agent, {
    containers: CONTAINERS,
    networks: NETWORKS,
    then: async () => {
      await a.exec(['ip', 'netns', 'del', 'hsx']);
      await a.exec(['ip', 'link', 'del', 'hsp64']);
    },
  }),
);

const byId = <T extends { id: string }>(list: T[]) =>
  [...list].sort((x, y) => x.id.localeCompare(y.id));
const byName = <T extends { name: string }>(list: T[]) =>
  [...list].sort((x, y) => x.name.localeCompare(y.name));

/** `ip -json addr` of a namespace (or the host), as `{dev, address}` with `addr/prefix`. */
async function kernelAddresses(netns?: string): Promise<{ dev: string; address: string }[]> {
  const r = await a.exec(['ip', ...(netns ? ['-n', netns] : []), '-json', 'addr', 'show']);
  const links = JSON.parse(r.stdout) as {
    ifname: string;
    addr_info?: { local: string; prefixlen: number }[];
  }[];
  return links.flatMap((l) =>
    (l.addr_info ?? []).map((i) => ({ dev: l.ifname, address: `${i.local}/${i.prefixlen}` })),
  );
}

async function kernelLinkNames(netns?: string): Promise<string[]> {
  const r = await a.exec(['ip', ...(netns ? ['-n', netns] : []), '-json', 'link', 'show']);
  return (JSON.parse(r.stdout) as { ifname: string }[]).map((l) => l.ifname).sort();
}

async function snapshotNow(): Promise<HostSnapshot> {
  return HostSnapshotSchema.parse(await agent.host.snapshot.query());
}

describe('host.snapshot', () => {
  it('says in one answer what networks.list, containers.list and networks.inspect say', async () => {
    const [snapshot, networks, containers] = await Promise.all([
      snapshotNow(),
      agent.networks.list.query(),
      agent.containers.list.query(),
    ]);
    expect(snapshot.hostname).toBe('host-a');
    expect(byId(snapshot.networks)).toEqual(byId(networks.map(({ endpoints: _count, ...n }) => n)));
    expect(byName(snapshot.containers)).toEqual(
      byName(containers.map(({ present: _p, endpoints: _e, ...c }) => c)),
    );
    expect(byId(snapshot.endpoints)).toEqual(byId(containers.flatMap((c) => c.endpoints)));
    for (const network of networks) {
      const inspect = await agent.networks.inspect.query({ network: network.id });
      const mine = snapshot.endpoints.filter((e) => e.networkId === network.id);
      expect(mine).toHaveLength(network.endpoints);
      expect(
        Object.fromEntries(
          mine.map((e) => [
            e.container,
            {
              EndpointID: e.id,
              IPv4Address: e.ipv4Address ?? '',
              IPv6Address: e.ipv6Address ?? '',
            },
          ]),
        ),
      ).toEqual(
        Object.fromEntries(
          Object.entries(inspect.Containers).map(([k, c]) => [
            k,
            { EndpointID: c.EndpointID, IPv4Address: c.IPv4Address, IPv6Address: c.IPv6Address },
          ]),
        ),
      );
    }
    const mineOnly = snapshot.networks.filter((n) => NETWORKS.includes(n.name));
    expect(mineOnly.map((n) => [n.name, n.status]).sort()).toEqual([
      ['hs-int', 'ok'],
      ['hs-l3', 'ok'],
      ['hs-vlan61', 'ok'],
    ]);
  });

  it("matches host.interfaces and the kernel's links and addresses, and names the links underlay owns", async () => {
    const [snapshot, interfaces] = await Promise.all([
      snapshotNow(),
      agent.host.interfaces.query(),
    ]);
    expect(snapshot.links.map((l) => l.name).sort()).toEqual(await kernelLinkNames());
    for (const i of interfaces) {
      expect(snapshot.links.find((l) => l.name === i.name)).toMatchObject({
        kind: i.kind,
        up: i.up,
        mtu: i.mtu,
        parent: i.parent,
        ...(i.vlanId !== undefined ? { vlanId: i.vlanId } : {}),
      });
      for (const address of i.addresses)
        expect(snapshot.addresses).toContainEqual({ dev: i.name, address });
    }
    // IPv6 link-local addresses appear when a link comes up, on the kernel's schedule: compared without them.
    const stable = (list: { dev: string; address: string }[]) =>
      list
        .filter((x) => !x.address.startsWith('fe80:'))
        .map((x) => `${x.dev} ${x.address}`)
        .sort();
    expect(stable(snapshot.addresses)).toEqual(stable(await kernelAddresses()));
    const ids = Object.fromEntries(snapshot.networks.map((n) => [n.name, n.id]));
    const internal = snapshot.networks.find((n) => n.name === 'hs-int');
    expect(internal?.parentKind).toBe('dummy');
    expect(snapshot.ownedLinks).toEqual(
      expect.arrayContaining([
        { name: 'eth0.61', kind: 'vlan', networkIds: [ids['hs-vlan61']] },
        { name: 'eth0.62', kind: 'vlan', networkIds: [ids['hs-l3']] },
        { name: internal?.parent, kind: 'dummy', networkIds: [ids['hs-int']] },
      ]),
    );
    expect(snapshot.links.find((l) => l.name === 'eth0.61')).toMatchObject({
      kind: 'vlan',
      vlanId: 61,
      parent: 'eth0',
      up: true,
    });
  });

  it("gives every endpoint its namespace, link name and addresses as the kernel has them, and each container's links", async () => {
    const snapshot = await snapshotNow();
    const mine = snapshot.endpoints.filter((e) => CONTAINERS.includes(e.container));
    expect(mine.map((e) => `${e.container} ${e.ifname}`).sort()).toEqual([
      'hs1 eth0',
      'hs1 eth1',
      'hs2 eth0',
      'hsx eth0',
    ]);
    for (const endpoint of mine) {
      expect(endpoint.created).toMatch(/^\d{4}-\d\d-\d\dT/);
      const container = snapshot.containers.find((c) => c.name === endpoint.container);
      expect(endpoint.netns).toBe(container?.netns);
      const seen = await kernelAddresses(endpoint.netns);
      const expected = [endpoint.ipv4Address, endpoint.ipv6Address].filter((x): x is string =>
        Boolean(x),
      );
      expect(expected.length).toBeGreaterThan(0);
      for (const address of expected)
        expect(seen).toContainEqual({ dev: endpoint.ifname, address });
      // The MAC the agent recorded at connect is the link's (ipvlan children share their parent's).
      const link = await a.exec([
        'ip',
        '-n',
        endpoint.netns,
        '-json',
        'link',
        'show',
        'dev',
        endpoint.ifname,
      ]);
      expect(endpoint.mac).toBe((JSON.parse(link.stdout) as { address: string }[])[0]?.address);
    }
    expect(mine.find((e) => e.container === 'hs1' && e.ifname === 'eth0')?.ipv6Address).toMatch(
      /^fd00:61::/,
    );
    expect(mine.find((e) => e.container === 'hs2')?.ipv4Address).toBe('172.16.63.9/24');
    for (const name of CONTAINERS) {
      const listed = snapshot.containerLinks.find((c) => c.container === name);
      expect([...(listed?.links ?? [])].sort()).toEqual(await kernelLinkNames(name));
    }
  });

  it('leaves out host addresses and container links when asked (the dashboard draws neither), and refuses unknown options by name', async () => {
    const [full, lean] = await Promise.all([
      snapshotNow(),
      agent.host.snapshot.query({ addresses: false, containerLinks: false }),
    ]);
    expect(full.addresses.length).toBeGreaterThan(0);
    expect(full.containerLinks.length).toBeGreaterThan(0);
    expect(lean).toEqual({ ...full, addresses: [], containerLinks: [] });
    await expect(agent.host.snapshot.query({ addresses: 'no' } as never)).rejects.toThrow(
      /addresses/,
    );
    await expect(agent.host.snapshot.query({ links: false } as never)).rejects.toThrow(/links/);
  });

  it('shows a network whose plain parent was deleted behind its back as degraded, without the link, and ok when it is back', async () => {
    const statusOf = (s: HostSnapshot) => s.networks.find((n) => n.name === 'hs-plain')?.status;
    const addParent = async () => {
      await a.exec([
        'ip',
        'link',
        'add',
        'link',
        'eth0',
        'name',
        'hsp64',
        'type',
        'vlan',
        'id',
        '64',
      ]);
      await a.exec(['ip', 'link', 'set', 'hsp64', 'up']);
    };
    await addParent();
    await agent.networks.create.mutate({
      name: 'hs-plain',
      options: { parent: 'hsp64' },
      ipam: [{ subnet: '172.16.64.0/24' }],
    });
    expect(statusOf(await snapshotNow())).toBe('ok');
    await a.exec(['ip', 'link', 'del', 'hsp64']);
    // The agent's link list follows kernel events: give the deletion's event a moment to arrive.
    const settle = async (want: string) => {
      let snapshot = await snapshotNow();
      for (let i = 0; i < 50 && statusOf(snapshot) !== want; i++) {
        await new Promise((r) => setTimeout(r, 200));
        snapshot = await snapshotNow();
      }
      return snapshot;
    };
    const gone = await settle('degraded');
    expect(statusOf(gone)).toBe('degraded');
    expect(gone.links.some((l) => l.name === 'hsp64')).toBe(false);
    await addParent();
    const back = await settle('ok');
    expect(statusOf(back)).toBe('ok');
    expect(back.links.find((l) => l.name === 'hsp64')).toMatchObject({
      kind: 'vlan',
      vlanId: 64,
      up: true,
    });
    await agent.networks.remove.mutate({ network: 'hs-plain' });
    expect((await snapshotNow()).networks.some((n) => n.name === 'hs-plain')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { buildTopology, diffTopology } from '../../src/topology';
import { ep, hostOf, net, twoHosts, vlanNet } from './fixtures';

const byId = (t: ReturnType<typeof buildTopology>) => new Map(t.nodes.map((n) => [n.id, n]));
const edgesOf = (t: ReturnType<typeof buildTopology>, kind: string) =>
  t.edges.filter((e) => e.kind === kind).map((e) => `${e.source} -> ${e.target}`);

describe('buildTopology (by VLAN)', () => {
  it('VLAN 10 on the same trunk on two hosts is ONE segment linked from each host; VLAN 20 is its own', () => {
    const t = buildTopology(twoHosts());
    expect(
      t.nodes.filter((n) => n.kind === 'segment').map((n) => [n.id, n.label, n.data.hosts]),
    ).toEqual([
      ['segment:eth0/10', 'VLAN 10 on eth0', ['a', 'b']],
      ['segment:eth0/20', 'VLAN 20 on eth0', ['a']],
    ]);
    expect(edgesOf(t, 'trunk')).toEqual([
      'vlan:a/eth0.10 -> segment:eth0/10',
      'vlan:a/eth0.20 -> segment:eth0/20',
      'vlan:b/eth0.10 -> segment:eth0/10',
    ]);
  });

  it('builds the hierarchy host → NIC → VLAN → network → subnet → container, hosts in id order whatever the input order', () => {
    const t = buildTopology(twoHosts());
    expect(t.nodes.filter((n) => n.host === 'a').map((n) => n.id)).toEqual([
      'host:a',
      'parent:a/eth0',
      'vlan:a/eth0.10',
      'network:a/a-v10',
      'subnet:a/a-v10/172.16.80.0/24',
      'vlan:a/eth0.20',
      'network:a/a-v20',
      'subnet:a/a-v20/172.16.50.0/22',
      'container:a/web1',
      'container:a/db1',
    ]);
    expect(edgesOf(t, 'endpoint')).toEqual([
      'subnet:a/a-v10/172.16.80.0/24 -> container:a/web1',
      'subnet:a/a-v20/172.16.50.0/22 -> container:a/db1',
      'subnet:b/b-v10/172.16.80.0/24 -> container:b/web2',
    ]);
    expect(buildTopology([...twoHosts()].reverse())).toEqual(t);
  });

  it('different trunks are not merged, even with the same VLAN id; the trunks map can merge differently named NICs', () => {
    const hosts = twoHosts();
    const split = buildTopology(hosts.map((h) => ({ ...h, trunks: { eth0: `rack-${h.id}` } })));
    expect(split.nodes.filter((n) => n.kind === 'segment').map((n) => n.id)).toEqual([
      'segment:rack-a/10',
      'segment:rack-a/20',
      'segment:rack-b/10',
    ]);
    const c = hostOf('c', {
      links: [
        { name: 'ens3', kind: 'device' },
        { name: 'ens3.10', kind: 'vlan', parent: 'ens3', vlanId: 10 },
      ],
      networks: [vlanNet('c', 10, '172.16.80.0/24', { parent: 'ens3.10' })],
    });
    const merged = buildTopology([...hosts, { ...c, trunks: { ens3: 'eth0' } }]);
    expect(byId(merged).get('segment:eth0/10')?.data.hosts).toEqual(['a', 'b', 'c']);
    expect(byId(buildTopology([...hosts, c])).get('segment:ens3/10')?.data.hosts).toEqual(['c']);
  });

  it('a manually made VLAN link with any name is placed by its kernel VLAN id (seed: VLAN 40)', () => {
    const h = hostOf('a', {
      links: [{ name: 'foo', kind: 'vlan', parent: 'eth0', vlanId: 40 }],
      networks: [net({ id: 'n40', name: 'net40', parent: 'foo' })],
    });
    const t = buildTopology([h]);
    expect(byId(t).get('vlan:a/foo')).toMatchObject({
      label: 'foo (VLAN 40)',
      data: { vlanId: 40, owned: false },
    });
    expect(edgesOf(t, 'trunk')).toEqual(['vlan:a/foo -> segment:eth0/40']);
  });

  it('marks L3 networks, isolates dummy (even when not internal) and internal ones, flags degraded networks, drift and offline hosts', () => {
    const l3 = net({
      id: 'l3',
      name: 'ipnet210',
      mode: 'l3',
      subnets: [
        { family: 4, subnet: '192.168.214.0/24', auxAddresses: {}, fromDefaultPool: false },
      ],
    });
    const dummy = net({
      id: 'd',
      name: 'iso',
      parent: 'di-d',
      parentKind: 'dummy',
      internal: false,
    });
    const internal = vlanNet('a', 30, '10.1.0.0/16', { internal: true });
    const gone = net({ id: 'g', name: 'on-eth1', parent: 'eth1' });
    const h = hostOf(
      'a',
      {
        links: [
          { name: 'di-d', kind: 'dummy' },
          { name: 'eth0.30', kind: 'vlan', parent: 'eth0', vlanId: 30 },
        ],
        networks: [l3, dummy, internal, gone],
        ownedLinks: [{ name: 'di-d', kind: 'dummy', networkIds: ['d'] }],
      },
      {
        online: false,
        drift: [{ kind: 'parent-missing', network: 'g', detail: 'eth1 is missing' }],
      },
    );
    const nodes = byId(buildTopology([h]));
    expect(nodes.get('host:a')?.data.online).toBe(false);
    expect(nodes.get('network:a/l3')?.data).toMatchObject({
      mode: 'l3',
      isolated: false,
      degraded: false,
    });
    expect(nodes.get('network:a/d')?.data).toMatchObject({ isolated: true });
    expect(nodes.get('parent:a/di-d')?.data).toMatchObject({
      dummy: true,
      isolated: true,
      owned: true,
    });
    expect(nodes.get('network:a/a-v30')?.data).toMatchObject({ internal: true, isolated: true });
    expect(nodes.get('network:a/g')?.data).toMatchObject({
      degraded: true,
      drift: ['parent-missing'],
    });
    expect(nodes.get('parent:a/eth1')?.data).toMatchObject({ missing: true });
    const t = buildTopology([h]);
    // networks in name order: ipnet210 (eth0), iso (dummy: no trunk), on-eth1, vlan30
    expect(edgesOf(t, 'trunk')).toEqual([
      'parent:a/eth0 -> segment:eth0/native',
      'parent:a/eth1 -> segment:eth1/native',
      'vlan:a/eth0.30 -> segment:eth0/30',
    ]);
    expect(t.edges.some((e) => e.source === 'parent:a/di-d' && e.kind === 'trunk')).toBe(false);
  });
});

describe('views', () => {
  it('by host: the same trees without segments', () => {
    const t = buildTopology(twoHosts(), { view: 'host' });
    expect(t.nodes.some((n) => n.kind === 'segment')).toBe(false);
    expect(t.edges.some((e) => e.kind === 'trunk')).toBe(false);
    expect(t.nodes.filter((n) => n.kind === 'container')).toHaveLength(3);
  });

  it('by subnet: one subnet per L2 domain and CIDR across hosts; L3 subnets stay per host', () => {
    const hosts = twoHosts();
    const l3a = net({
      id: 'l3a',
      name: 'l3',
      mode: 'l3',
      subnets: [
        { family: 4, subnet: '192.168.214.0/24', auxAddresses: {}, fromDefaultPool: false },
      ],
    });
    const withL3 = [
      hostOf('c', { networks: [l3a], endpoints: [ep('e9', 'l3a', 'r1', '192.168.214.2/24')] }),
      ...hosts,
    ];
    const t = buildTopology(withL3, { view: 'subnet' });
    expect(t.nodes.filter((n) => n.kind !== 'container').map((n) => [n.id, n.data.hosts])).toEqual([
      ['segment:eth0/10', ['a', 'b']],
      ['subnet:eth0/10/172.16.80.0/24', ['a', 'b']],
      ['segment:eth0/20', ['a']],
      ['subnet:eth0/20/172.16.50.0/22', ['a']],
      ['segment:c/eth0/routed', ['c']],
      ['subnet:c/eth0/routed/192.168.214.0/24', ['c']],
    ]);
    expect(edgesOf(t, 'endpoint')).toEqual([
      'subnet:eth0/10/172.16.80.0/24 -> container:a/web1',
      'subnet:eth0/20/172.16.50.0/22 -> container:a/db1',
      'subnet:eth0/10/172.16.80.0/24 -> container:b/web2',
      'subnet:c/eth0/routed/192.168.214.0/24 -> container:c/r1',
    ]);
  });
});

describe('diffTopology', () => {
  it('reports a connected container as added nodes and edges, and a host going offline as one changed node', () => {
    const before = twoHosts();
    const [b, a] = before as [(typeof before)[0], (typeof before)[0]];
    const more = {
      ...a,
      snapshot: {
        ...a.snapshot,
        endpoints: [
          ...a.snapshot.endpoints,
          ep('e4', 'a-v10', 'web9', '172.16.80.9/24', '2026-01-02T00:00:00.000Z'),
        ],
      },
    };
    const d = diffTopology(buildTopology(before), buildTopology([b, more]));
    expect(d.added.nodes.map((n) => n.id)).toEqual(['container:a/web9']);
    expect(d.added.edges.map((e) => e.id)).toEqual([
      'subnet:a/a-v10/172.16.80.0/24->container:a/web9',
    ]);
    expect(d.removed).toEqual({ nodes: [], edges: [] });
    expect(d.changed).toEqual({ nodes: [], edges: [] });

    const offline = diffTopology(
      buildTopology(before),
      buildTopology([b, { ...a, online: false }]),
    );
    expect(offline.changed.nodes.map((n) => [n.id, n.data.online])).toEqual([['host:a', false]]);
    expect(offline.added).toEqual({ nodes: [], edges: [] });

    const back = diffTopology(buildTopology([b, more]), buildTopology(before));
    expect(back.removed.nodes).toEqual(['container:a/web9']);
  });
});

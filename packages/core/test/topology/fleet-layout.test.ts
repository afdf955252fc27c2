import { describe, expect, it } from 'vitest';
import {
  buildTopology,
  expandFleet,
  hostTree,
  layoutFleet,
  layoutTopology,
  synthFleet,
  type HostView,
  type LayoutOptions,
  type Topology,
} from '../../src/topology';
import { ep, hostOf, net, twoHosts, vlanNet } from './fixtures';

// The lazy path (fleet-layout.ts): the fleet laid out from each host's shape,
// trees built when a host unfolds. Everything it places must be where the
// full build + layout puts it, so unfolding a host never moves another.

const sorted = (t: Topology) => ({
  nodes: [...t.nodes].sort((a, b) => a.id.localeCompare(b.id)),
  edges: [...t.edges].sort((a, b) => a.id.localeCompare(b.id)),
});

const l3 = (host: string, subnet: string) =>
  net({
    id: `${host}-l3`,
    name: 'l3net',
    mode: 'l3',
    subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
  });
const route = (dst: string, host: string) => ({
  family: 4 as const,
  dst,
  via: '10.60.0.1',
  origin: { host, network: 'l3net' },
  dev: 'eth0',
  source: 'hub',
  installed: '2026-12-03T00:00:00.000Z',
});

/** A fleet with what synthFleet lacks: NIC and dummy parents, idle containers, an address outside every subnet, a container on two networks, an offline host, drift, routes. */
function mixedFleet(): HostView[] {
  const dummy = net({ id: 'c-iso', name: 'iso', parent: 'di-c', parentKind: 'dummy' });
  const c10 = vlanNet('c', 10, '172.16.80.0/24');
  const c30 = vlanNet('c', 30, '172.16.30.0/24');
  return [
    ...twoHosts(),
    hostOf(
      'c',
      {
        links: [
          { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
          { name: 'eth0.30', kind: 'vlan', parent: 'eth0', vlanId: 30 },
          { name: 'di-c', kind: 'dummy' },
        ],
        networks: [c10, c30, dummy, l3('c', '10.61.0.0/24')],
        endpoints: [
          ep('x1', c10.id, 'multi', '172.16.80.9/24', '2026-01-01T00:00:01.000Z'),
          ep('x2', c30.id, 'multi', '172.16.30.9/24', '2026-01-01T00:00:02.000Z'),
          ep('x3', c30.id, 'stray', '192.168.9.9/24', '2026-01-01T00:00:03.000Z'),
          ep('x4', c10.id, 'web9', '172.16.80.10/24', '2026-01-01T00:00:04.000Z'),
        ],
        containers: [
          { name: 'idle1', netns: 'idle1', origin: 'created', created: '2026-01-02T00:00:00.000Z' },
          { name: 'multi', netns: 'multi', origin: 'created', created: '2026-01-01T00:00:00.000Z' },
        ],
        installedRoutes: [route('10.62.0.0/24', 'd')],
      },
      { drift: [{ kind: 'route-missing', network: '', address: '10.62.0.0/24', detail: '' }] },
    ),
    hostOf('d', { networks: [l3('d', '10.62.0.0/24')] }, { online: false }),
    hostOf('e', {}),
  ];
}

function expectSameAsFull(hosts: HostView[], opts: LayoutOptions, view: 'vlan' | 'host'): void {
  const full = buildTopology(hosts, { view });
  const positions = layoutTopology(full, opts);
  const fleet = layoutFleet(hosts, { ...opts, view });
  // Nothing built: host nodes and segments, where the full layout has them.
  for (const n of fleet.topology.nodes) expect(fleet.positions[n.id]).toEqual(positions[n.id]);
  expect(sorted(fleet.topology).nodes).toEqual(
    sorted(full).nodes.filter((n) => n.kind === 'host' || n.kind === 'segment'),
  );
  expect(fleet.totals).toEqual({
    nodes: full.nodes.length,
    edges: full.edges.length,
    containers: full.nodes.filter((n) => n.kind === 'container').length,
  });
  // Each host's extent: the box of its nodes in the full layout.
  for (const h of fleet.hosts) {
    const mine = full.nodes.filter((n) => n.host === h.id).map((n) => positions[n.id]!);
    expect(fleet.extents.get(h.id)).toEqual({
      x1: Math.min(...mine.map((p) => p.x)),
      x2: Math.max(...mine.map((p) => p.x)),
      y1: Math.min(...mine.map((p) => p.y)),
      y2: Math.max(...mine.map((p) => p.y)),
    });
  }
  // Every host unfolded: the full graph, every node where the full layout puts it.
  const all = expandFleet(
    fleet,
    fleet.hosts.map((h) => h.id),
  );
  expect(sorted(all.topology)).toEqual(sorted(full));
  expect(all.positions).toEqual(positions);
}

describe('layoutFleet and expandFleet: the full layout, built lazily', () => {
  it.each<[string, LayoutOptions]>([
    ['one row', {}],
    ['rows for a 16:10 screen', { aspect: 16 / 10 }],
    ['rows of 40 columns', { rowColumns: 40 }],
  ])('synthetic 60 × 6 × 3, %s, both views', (_, opts) => {
    const hosts = synthFleet({ hosts: 60, vlansPerHost: 6, containersPerNetwork: 3 });
    expectSameAsFull(hosts, opts, 'vlan');
    expectSameAsFull(hosts, opts, 'host');
  });

  it.each<[string, LayoutOptions]>([
    ['one row', {}],
    ['narrow rows', { rowColumns: 6 }],
    ['a tall screen', { aspect: 0.5 }],
  ])(
    'mixed fleet (NIC, dummy, idle, stray address, two networks, routes, offline), %s',
    (_, opts) => {
      expectSameAsFull(mixedFleet(), opts, 'vlan');
      expectSameAsFull(mixedFleet(), opts, 'host');
    },
  );

  it('the 500 × 20 × 5 fleet: hosts, segments and extents as in the full layout, no tree built', () => {
    const hosts = synthFleet({ hosts: 500, vlansPerHost: 20, containersPerNetwork: 5 });
    const opts = { aspect: 16 / 10 };
    const full = buildTopology(hosts);
    const positions = layoutTopology(full, opts);
    const fleet = layoutFleet(hosts, opts);
    expect(fleet.topology.nodes).toHaveLength(520);
    expect(fleet.trees.size).toBe(0);
    for (const n of fleet.topology.nodes) expect(fleet.positions[n.id]).toEqual(positions[n.id]);
    expect(fleet.totals).toEqual({ nodes: 81_020, edges: 90_500, containers: 50_000 });
    // One host unfolded: its tree where the full layout has it, the rest still host nodes.
    const one = expandFleet(fleet, ['host-123']);
    expect(fleet.trees.size).toBe(1);
    const tree = hostTree(fleet, 'host-123').topology;
    expect(tree.nodes).toEqual(full.nodes.filter((n) => n.host === 'host-123'));
    for (const n of tree.nodes) expect(one.positions[n.id]).toEqual(positions[n.id]);
    expect(one.topology.nodes).toHaveLength(520 + tree.nodes.length - 1);
  });
});

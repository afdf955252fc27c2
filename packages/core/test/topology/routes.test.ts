import { describe, expect, it } from 'vitest';
import { buildTopology, layoutTopology } from '../../src/topology';
import type { HostView } from '../../src/topology';
import { hostOf, net } from './fixtures';

// Distributed L3 routes drawn as edges: host-b holds a route to host-a's
// 10.61.0.0/24 (network l3a) and host-a one to host-b's 10.62.0.0/24, as the
// agents report them in installedRoutes.

const l3 = (host: string, name: string, subnet: string) =>
  net({
    id: `${host}-${name}`,
    name,
    mode: 'l3',
    subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
  });
const route = (dst: string, via: string, host: string, network: string) => ({
  family: 4 as const,
  dst,
  via,
  origin: { host, network },
  dev: 'eth0',
  source: 'hub',
  installed: '2026-12-03T00:00:00.000Z',
});

function fleet(extra: { drift?: HostView['drift'] } = {}): HostView[] {
  return [
    hostOf('host-a', {
      networks: [l3('host-a', 'l3a', '10.61.0.0/24')],
      installedRoutes: [route('10.62.0.0/24', '10.60.0.12', 'host-b', 'l3b')],
    }),
    hostOf(
      'host-b',
      {
        networks: [l3('host-b', 'l3b', '10.62.0.0/24')],
        // A route whose origin is not in the fleet is not drawn.
        installedRoutes: [
          route('10.61.0.0/24', '10.60.0.11', 'host-a', 'l3a'),
          route('10.70.0.0/24', '10.60.0.19', 'host-z', 'gone'),
        ],
      },
      extra,
    ),
  ];
}

const routeEdges = (hosts: HostView[], view?: 'vlan' | 'host' | 'subnet') =>
  buildTopology(hosts, view ? { view } : {}).edges.filter((e) => e.kind === 'route');

describe('route edges', () => {
  it('joins the host holding a route to the subnet it leads to on the origin host', () => {
    expect(routeEdges(fleet())).toEqual([
      {
        id: 'host:host-a->subnet:host-b/host-b-l3b/10.62.0.0/24',
        kind: 'route',
        source: 'host:host-a',
        target: 'subnet:host-b/host-b-l3b/10.62.0.0/24',
        data: { dst: '10.62.0.0/24', via: '10.60.0.12' },
      },
      {
        id: 'host:host-b->subnet:host-a/host-a-l3a/10.61.0.0/24',
        kind: 'route',
        source: 'host:host-b',
        target: 'subnet:host-a/host-a-l3a/10.61.0.0/24',
        data: { dst: '10.61.0.0/24', via: '10.60.0.11' },
      },
    ]);
    expect(routeEdges(fleet(), 'host')).toHaveLength(2);
  });

  it('marks a route the drift check found gone from the kernel', () => {
    const drift = [
      { kind: 'route-missing' as const, network: '', address: '10.61.0.0/24', detail: '' },
    ];
    expect(routeEdges(fleet({ drift })).find((e) => e.source === 'host:host-b')?.data).toEqual({
      dst: '10.61.0.0/24',
      via: '10.60.0.11',
      missing: true,
    });
  });

  it('draws none when no host holds routes, and none in the subnet view (no host nodes there)', () => {
    const bare = fleet().map((h) => ({ ...h, snapshot: { ...h.snapshot, installedRoutes: [] } }));
    expect(routeEdges(bare)).toEqual([]);
    expect(routeEdges(fleet(), 'subnet')).toEqual([]);
  });

  it('leaves the layout as it is without them (route edges are not hierarchy)', () => {
    const bare = fleet().map((h) => ({ ...h, snapshot: { ...h.snapshot, installedRoutes: [] } }));
    expect(layoutTopology(buildTopology(fleet()))).toEqual(layoutTopology(buildTopology(bare)));
  });
});

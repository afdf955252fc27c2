import type { Endpoint, Network } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { expectedRoutes, routeDifferences } from '../src/cni/check-routes';

// CHECK's route half: the routes an endpoint should have (L2 default via the
// gateway unless internal, L3/L3S default dev, only for the endpoint holding
// the family's default route) and the message naming a missing one.

const network: Network = {
  id: 'n1',
  name: 'vlan10',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
  labels: {},
  options: { parent: 'eth0.10' },
  created: '',
  status: 'ok',
};

const endpoint = (id: string, ifname: string, networkId = 'n1'): Endpoint => ({
  id,
  networkId,
  container: 'cni-abc',
  netns: 'netns-1',
  ifname,
  ipv4Address: '172.16.80.2/24',
  created: '2026-12-03T00:00:00.000Z',
});

const e1 = endpoint('e1', 'eth0');
const records = (networks: Network[], endpoints: Endpoint[]) => ({ networks, endpoints });

describe('CHECK: expected routes', () => {
  it('L2: default via the gateway', () => {
    expect(expectedRoutes(records([network], [e1]), network, e1)).toEqual([
      { family: 4, dst: 'default', via: '172.16.80.1', dev: 'eth0' },
    ]);
  });

  it('L3 and L3S: default dev, no next hop', () => {
    for (const mode of ['l3', 'l3s'] as const) {
      const l3 = { ...network, mode };
      expect(expectedRoutes(records([l3], [e1]), l3, e1)).toEqual([
        { family: 4, dst: 'default', dev: 'eth0' },
      ]);
    }
  });

  it('internal: none', () => {
    const internal = { ...network, internal: true };
    expect(expectedRoutes(records([internal], [e1]), internal, e1)).toEqual([]);
  });

  it('a second endpoint of the container does not hold the default route', () => {
    const n2 = { ...network, id: 'n2', name: 'vlan11' };
    const e2 = endpoint('e2', 'net1', 'n2');
    expect(expectedRoutes(records([network, n2], [e1, e2]), n2, e2)).toEqual([]);
  });
});

describe('CHECK: route differences', () => {
  const want = [{ family: 4 as const, dst: 'default', via: '172.16.80.1', dev: 'eth0' }];

  it('none when the route is there (other routes aside)', () => {
    expect(
      routeDifferences(want, [
        { family: 4, dst: '172.16.80.0/24', dev: 'eth0' },
        { family: 4, dst: 'default', via: '172.16.80.1', dev: 'eth0' },
      ]),
    ).toEqual([]);
  });

  it('names a missing route', () => {
    expect(routeDifferences(want, [{ family: 4, dst: '172.16.80.0/24', dev: 'eth0' }])).toEqual([
      'IPv4 route default via 172.16.80.1 dev eth0 is missing',
    ]);
  });

  it('names what holds the destination instead', () => {
    expect(
      routeDifferences(want, [{ family: 4, dst: 'default', via: '172.16.80.9', dev: 'eth0' }]),
    ).toEqual([
      'IPv4 route default via 172.16.80.1 dev eth0 is missing (found IPv4 route default via 172.16.80.9 dev eth0)',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { distributeRoutes, l3HostOf, type Network } from '../../src';
import { networkOf } from '../plan/fixtures';

// Route distribution: who gets which routes, and what is refused.

const l3 = (id: string, subnet: string, fields: Partial<Network> = {}): Network =>
  networkOf({
    id,
    name: id,
    mode: 'l3',
    labels: { 'underlay.routes': 'share' },
    subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
    ...fields,
  });
const host = (name: string, address: string, networks: Network[]) =>
  l3HostOf(name, { networks, addresses: [{ dev: 'eth0', address }] });

describe('distributeRoutes', () => {
  it('gives each opted-in host the other hosts shared subnets via their underlay address', () => {
    const { routes, issues } = distributeRoutes([
      host('a', '10.60.0.11/24', [l3('na', '10.61.0.0/24')]),
      host('b', '10.60.0.12/24', [l3('nb', '10.62.0.0/24')]),
      host('c', '10.60.0.13/24', []),
    ]);
    expect(issues).toEqual([]);
    expect(routes).toEqual({
      a: [
        { family: 4, dst: '10.62.0.0/24', via: '10.60.0.12', origin: { host: 'b', network: 'nb' } },
      ],
      b: [
        { family: 4, dst: '10.61.0.0/24', via: '10.60.0.11', origin: { host: 'a', network: 'na' } },
      ],
    });
  });

  it('shares every L3 network and routes to every host when fleet-wide, and never an L2 network', () => {
    const l2 = l3('l2', '10.70.0.0/24', { mode: 'l2' });
    const { routes } = distributeRoutes([
      l3HostOf(
        'a',
        {
          networks: [l3('na', '10.61.0.0/24', { labels: {} }), l2],
          addresses: [{ dev: 'eth0', address: '10.60.0.11/24' }],
        },
        { fleetWide: true },
      ),
      l3HostOf('c', { networks: [], addresses: [] }, { fleetWide: true }),
    ]);
    expect(routes.c?.map((r) => r.dst)).toEqual(['10.61.0.0/24']);
  });

  it('uses the VLAN lower link address, or a fixed underlay address', () => {
    const vlan = l3('nv', '10.61.0.0/24', { parent: 'eth0.10', parentKind: 'vlan', vlanId: 10 });
    const { routes } = distributeRoutes([
      host('a', '10.60.0.11/24', [vlan]),
      { ...host('b', '10.60.0.12/24', [l3('nb', '10.62.0.0/24')]), underlay: { 4: '192.0.2.99' } },
    ]);
    expect(routes.b?.[0]?.via).toBe('10.60.0.11');
    expect(routes.a?.[0]?.via).toBe('192.0.2.99');
  });

  it('refuses the newer of two overlapping subnets of two hosts, naming both, and keeps the older one', () => {
    const older = { created: '2026-12-01T00:00:00.000Z' };
    const newer = { created: '2026-12-02T00:00:00.000Z' };
    const { routes, issues } = distributeRoutes([
      host('a', '10.60.0.11/24', [l3('na', '10.61.0.0/16', newer)]),
      host('b', '10.60.0.12/24', [
        l3('nb', '10.61.5.0/24', older),
        l3('ok', '10.62.0.0/24', newer),
      ]),
    ]);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'ROUTE_OVERLAP',
        path: ['hosts', 'a', 'networks', 'na'],
        message: expect.stringMatching(
          /10\.61\.0\.0\/16 of na on a overlaps 10\.61\.5\.0\/24 of nb on b, which is older: 10\.61\.0\.0\/16 is not distributed \(10\.61\.5\.0\/24 still is\)/,
        ),
      }),
    ]);
    // What already flowed keeps flowing: a still routes to nb's subnet; b gets nothing new.
    expect(routes.a?.map((r) => r.dst)).toEqual(['10.61.5.0/24', '10.62.0.0/24']);
    expect(routes.b).toEqual([]);
  });

  it('breaks a tie in age by host name, so every run refuses the same one', () => {
    const same = { created: '2026-12-01T00:00:00.000Z' };
    const run = (order: 'ab' | 'ba') => {
      const hosts = [
        host('a', '10.60.0.11/24', [l3('na', '10.61.0.0/24', same)]),
        host('b', '10.60.0.12/24', [l3('nb', '10.61.0.0/25', same)]),
      ];
      return distributeRoutes(order === 'ab' ? hosts : hosts.reverse());
    };
    for (const order of ['ab', 'ba'] as const) {
      const { routes, issues } = run(order);
      expect(issues.map((i) => i.path)).toEqual([['hosts', 'b', 'networks', 'nb']]);
      expect(routes.b?.map((r) => r.dst)).toEqual(['10.61.0.0/24']);
      expect(routes.a).toEqual([]);
    }
  });

  it('reports a host with no address on the parent instead of a route with no next hop', () => {
    const { routes, issues } = distributeRoutes([
      l3HostOf('a', { networks: [l3('na', '10.61.0.0/24')], addresses: [] }),
      host('b', '10.60.0.12/24', [l3('nb', '10.62.0.0/24')]),
    ]);
    expect(issues.map((i) => i.code)).toEqual(['ROUTE_VIA_UNREACHABLE']);
    expect(routes.b).toEqual([]);
  });
});

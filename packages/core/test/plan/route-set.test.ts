import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DomainError,
  diffDrift,
  planRepair,
  planRouteSet,
  rollbackOf,
  type DistributedRoute,
  type HostSnapshot,
  type InstalledRoute,
} from '../../src';
import { networkOf, snapshotOf } from './fixtures';
import { apply, dump, modelOf } from './kernel-model';

// A host's distributed route set: install, withdraw, put back, refuse; and the
// inverse property of its plans on the model kernel.

const r = (dst: string, via = '10.60.0.12', network = 'nb'): DistributedRoute => ({
  family: 4,
  dst,
  via,
  origin: { host: 'host-b', network },
});
const installed = (route: DistributedRoute): InstalledRoute => ({
  ...route,
  dev: 'eth0',
  source: 'hub',
  installed: 'then',
});
const host = (fields: Partial<HostSnapshot> = {}) =>
  snapshotOf({
    hostname: 'host-a',
    addresses: [{ dev: 'eth0', address: '10.60.0.11/24' }],
    routes: [],
    ...fields,
  });

describe('planRouteSet', () => {
  it('adds new routes out of the link on the next hop subnet', () => {
    const { plan, installed: set } = planRouteSet({
      desired: [r('10.62.0.0/24')],
      snapshot: host(),
    });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'routeReplace', family: 4, dst: '10.62.0.0/24', via: '10.60.0.12', dev: 'eth0' },
    ]);
    expect(set.map((s) => s.dev)).toEqual(['eth0']);
  });

  it('withdraws routes no longer in the set and leaves present ones alone', () => {
    const snapshot = host({
      installedRoutes: [installed(r('10.62.0.0/24')), installed(r('10.64.0.0/24'))],
      routes: [
        { family: 4, dst: '10.62.0.0/24', via: '10.60.0.12', dev: 'eth0' },
        { family: 4, dst: '10.64.0.0/24', via: '10.60.0.12', dev: 'eth0' },
      ],
    });
    const { plan } = planRouteSet({ desired: [r('10.62.0.0/24')], snapshot });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'routeDel', family: 4, dst: '10.64.0.0/24', via: '10.60.0.12', dev: 'eth0' },
    ]);
  });

  it('refuses a route to a prefix the host already routes, naming both, and one over its own subnet', () => {
    const snapshot = host({
      routes: [{ family: 4, dst: '10.63.0.0/24', dev: 'eth1', protocol: 'static' }],
      networks: [
        networkOf({
          id: 'x',
          name: 'own',
          subnets: [
            { family: 4, subnet: '10.65.0.0/16', auxAddresses: {}, fromDefaultPool: false },
          ],
        }),
      ],
    });
    let error: unknown;
    try {
      planRouteSet({
        desired: [r('10.63.0.0/24', undefined, 'other'), r('10.65.1.0/24')],
        snapshot,
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).issues.map((i) => i.message)).toEqual([
      expect.stringMatching(
        /10\.63\.0\.0\/24 from other on host-b conflicts with the existing route 10\.63\.0\.0\/24 dev eth1 proto static on host-a/,
      ),
      expect.stringMatching(
        /10\.65\.1\.0\/24 from nb on host-b overlaps subnet 10\.65\.0\.0\/16 of network own on host-a/,
      ),
    ]);
  });

  it('refuses a next hop no link of the host is on', () => {
    expect(() =>
      planRouteSet({ desired: [r('10.62.0.0/24', '192.0.2.5')], snapshot: host() }),
    ).toThrow(/no link on host-a is on the subnet of 192\.0\.2\.5/);
  });
});

describe('distributed route drift', () => {
  it('reports an installed route the kernel lost, and the repair puts it back', () => {
    const snapshot = host({ installedRoutes: [installed(r('10.62.0.0/24'))], routes: [] });
    const drift = diffDrift({ networks: [], endpoints: [], snapshot, containerSnapshots: [] });
    expect(drift).toEqual([
      expect.objectContaining({ kind: 'route-missing', address: '10.62.0.0/24' }),
    ]);
    const plan = planRepair({ drift, networks: [], endpoints: [], snapshot });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'routeReplace', family: 4, dst: '10.62.0.0/24', via: '10.60.0.12', dev: 'eth0' },
    ]);
  });

  it('says nothing when the routes were not read', () => {
    const snapshot = host({ installedRoutes: [installed(r('10.62.0.0/24'))] });
    delete (snapshot as { routes?: unknown }).routes;
    expect(diffDrift({ networks: [], endpoints: [], snapshot, containerSnapshots: [] })).toEqual(
      [],
    );
  });
});

describe('route set plans are undone by their inverses, from any failure point', () => {
  it('holds for any before/after sets', () => {
    const dsts = ['10.61.0.0/24', '10.62.0.0/24', '10.63.0.0/24', '10.64.0.0/24'];
    fc.assert(
      fc.property(fc.subarray(dsts), fc.subarray(dsts), (before, after) => {
        const snapshot = host({
          installedRoutes: before.map((d) => installed(r(d))),
          routes: before.map((d) => ({ family: 4, dst: d, via: '10.60.0.12', dev: 'eth0' })),
        });
        const start = () => {
          const m = modelOf(snapshotOf({ links: [{ name: 'eth0', kind: 'device' }] }));
          for (const d of before) m.routes.set(`|4|${d}`, '10.60.0.12|eth0');
          return m;
        };
        const { steps } = planRouteSet({ desired: after.map((d) => r(d)), snapshot }).plan;
        const initial = dump(start());
        for (let done = 0; done <= steps.length; done++) {
          const m = start();
          for (const s of steps.slice(0, done)) apply(m, s.op);
          for (const op of rollbackOf(steps.slice(0, done))) apply(m, op, true);
          expect(dump(m)).toBe(initial);
        }
        const full = start();
        for (const s of steps) apply(full, s.op);
        expect([...full.routes.keys()].sort()).toEqual(after.map((d) => `|4|${d}`).sort());
      }),
    );
  });
});

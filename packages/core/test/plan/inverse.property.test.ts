import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostSnapshot, Network, PlanStep } from '../../src';
import {
  planConnect,
  planContainerCreate,
  planDisconnect,
  planNetworkCreate,
  planNetworkRemove,
  rollbackOf,
} from '../../src';
import { apply, dump, modelOf } from './kernel-model';
import { containerOf, endpointOf, networkOf, snapshotOf } from './fixtures';

// Property: for every generated plan, (1) the steps run in order on the model
// kernel, and (2) a failure after any number of done steps, followed by the
// rollback (inverses, last done first), leaves the model exactly as it began.

interface Case {
  snapshot: HostSnapshot;
  containers: string[];
  steps: PlanStep[];
}

function check({ snapshot, containers, steps }: Case): void {
  const start = dump(modelOf(snapshot, containers));
  const full = modelOf(snapshot, containers);
  for (const s of steps) apply(full, s.op);
  const last = steps.every((s) => s.inverse) ? steps.length : steps.length - 1;
  for (let done = 0; done <= last; done++) {
    const model = modelOf(snapshot, containers);
    for (const s of steps.slice(0, done)) apply(model, s.op);
    for (const op of rollbackOf(steps.slice(0, done))) apply(model, op, true);
    expect(dump(model), `rollback after ${done} steps`).toBe(start);
  }
}

const networkArb = fc
  .record({
    mode: fc.constantFrom('l2', 'l3', 'l3s') as fc.Arbitrary<Network['mode']>,
    flag: fc.constantFrom('bridge', 'private', 'vepa') as fc.Arbitrary<Network['flag']>,
    parentKind: fc.constantFrom('existing', 'vlan', 'dummy') as fc.Arbitrary<Network['parentKind']>,
    vlanId: fc.integer({ min: 1, max: 4094 }),
    internal: fc.boolean(),
    gateway: fc.boolean(),
  })
  .map(({ mode, flag, parentKind, vlanId, internal, gateway }) =>
    networkOf({
      id: `n${vlanId}`,
      name: `net${vlanId}`,
      mode,
      flag,
      parentKind,
      internal,
      parent:
        parentKind === 'vlan'
          ? `eth0.${vlanId}`
          : parentKind === 'dummy'
            ? `di-n${vlanId}`
            : 'eth0',
      ...(parentKind === 'vlan' ? { vlanId } : {}),
      ipv6: true,
      subnets: [
        {
          family: 4,
          subnet: '10.1.0.0/16',
          ...(gateway && mode === 'l2' ? { gateway: '10.1.0.1' } : {}),
          auxAddresses: {},
          fromDefaultPool: false,
        },
        {
          family: 6,
          subnet: 'fd00:1::/64',
          ...(gateway && mode === 'l2' ? { gateway: 'fd00:1::1' } : {}),
          auxAddresses: {},
          fromDefaultPool: false,
        },
      ],
    }),
  );

const parentLink = (n: Network, up = true) =>
  n.parentKind === 'vlan'
    ? { name: n.parent, kind: 'vlan', parent: 'eth0', vlanId: n.vlanId, up }
    : { name: n.parent, kind: n.parentKind === 'dummy' ? 'dummy' : 'device', up };

const addressesArb = fc.record({ v4: fc.boolean(), v6: fc.boolean() }).map(({ v4, v6 }) => ({
  ...(v4 ? { ipv4Address: '10.1.0.7/16' } : {}),
  ...(v6 ? { ipv6Address: 'fd00:1::7/64' } : {}),
}));

describe('every plan is undone by its inverses, from any failure point', () => {
  it('network create, with or without the parent present', () => {
    fc.assert(
      fc.property(networkArb, fc.boolean(), (network, present) => {
        const snapshot = snapshotOf(
          present && network.parentKind !== 'existing'
            ? { links: [{ name: 'eth0', kind: 'device' }, parentLink(network)] }
            : {},
        );
        check({ snapshot, containers: [], steps: planNetworkCreate({ network, snapshot }).steps });
      }),
    );
  });

  it('network remove of an owned parent, up or down, shared or not', () => {
    fc.assert(
      fc.property(networkArb, fc.boolean(), fc.boolean(), (network, up, shared) => {
        const sharer = { ...network, id: 'other', name: 'other' };
        const snapshot = snapshotOf({
          links: [{ name: 'eth0', kind: 'device' }, parentLink(network, up)],
          networks: shared ? [network, sharer] : [network],
          ownedLinks:
            network.parentKind === 'existing'
              ? []
              : [{ name: network.parent, kind: network.parentKind, networkIds: [network.id] }],
        });
        check({ snapshot, containers: [], steps: planNetworkRemove({ network, snapshot }).steps });
      }),
    );
  });

  it('connect, alone or next to an endpoint that already holds default routes', () => {
    fc.assert(
      fc.property(
        networkArb,
        networkArb,
        addressesArb,
        fc.boolean(),
        (network, first, addresses, second) => {
          const before = {
            ...first,
            id: 'first',
            parent: 'eth0',
            parentKind: 'existing' as const,
            subnets: first.subnets.map((s) => ({
              ...s,
              subnet: s.family === 4 ? '10.2.0.0/16' : 'fd00:2::/64',
              ...(s.gateway ? { gateway: s.family === 4 ? '10.2.0.1' : 'fd00:2::1' } : {}),
            })),
          };
          const snapshot = snapshotOf({
            links: [
              { name: 'eth0', kind: 'device' },
              ...(network.parentKind === 'existing' ? [] : [parentLink(network)]),
            ],
            networks: second ? [before, network] : [network],
            endpoints: second
              ? [
                  endpointOf({
                    id: 'e0',
                    networkId: 'first',
                    container: 'web',
                    ifname: 'eth0',
                    ipv4Address: '10.2.0.5/16',
                    ipv6Address: 'fd00:2::5/64',
                  }),
                ]
              : [],
          });
          const { plan } = planConnect({
            network,
            container: containerOf('web'),
            snapshot,
            addresses,
            tempName: 'ulv0abcdef',
          });
          check({ snapshot, containers: ['web'], steps: plan.steps });
        },
      ),
    );
  });

  it('disconnect, with the default route handed over when another endpoint can take it', () => {
    fc.assert(
      fc.property(networkArb, networkArb, (network, next) => {
        const other = { ...next, id: 'next', parent: 'eth0', parentKind: 'existing' as const };
        const a = endpointOf({
          id: 'a',
          networkId: network.id,
          container: 'web',
          ifname: 'eth0',
          ipv4Address: '10.1.0.7/16',
          ipv6Address: 'fd00:1::7/64',
        });
        const b = endpointOf({
          id: 'b',
          networkId: 'next',
          container: 'web',
          ifname: 'eth1',
          ipv4Address: '10.1.0.8/16',
        });
        const snapshot = snapshotOf({
          links: [
            { name: 'eth0', kind: 'device' },
            ...(network.parentKind === 'existing' ? [] : [parentLink(network)]),
          ],
          networks: [network, other],
          endpoints: [a, b],
        });
        check({
          snapshot,
          containers: ['web'],
          steps: planDisconnect({ network, endpoint: a, snapshot }).steps,
        });
      }),
    );
  });

  it('container create then connect, as one plan', () => {
    fc.assert(
      fc.property(networkArb, addressesArb, (network, addresses) => {
        const snapshot = snapshotOf({
          links: [
            { name: 'eth0', kind: 'device' },
            ...(network.parentKind === 'existing' ? [] : [parentLink(network)]),
          ],
        });
        const connect = planConnect({
          network,
          container: containerOf('db'),
          snapshot,
          addresses,
          tempName: 'ulv9999999',
        });
        check({
          snapshot,
          containers: [],
          steps: [...planContainerCreate({ name: 'db' }).steps, ...connect.plan.steps],
        });
      }),
    );
  });
});

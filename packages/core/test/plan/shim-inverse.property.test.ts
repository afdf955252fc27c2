import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HostShim, HostSnapshot, Network, PlanStep } from '../../src';
import { planShimAdd, planShimRemove, rollbackOf, shimNameOf, shimOf } from '../../src';
import { snapshotOf, networkOf } from './fixtures';
import { apply, dump, modelOf, type Model } from './kernel-model';

// The host shim's plans, as inverse.property.test.ts does for the others: the
// steps run in order on the model kernel, and a failure after any number of
// done steps followed by the rollback leaves the model as it began.

function check(start: () => Model, steps: PlanStep[]): void {
  const before = dump(start());
  const full = start();
  for (const s of steps) apply(full, s.op);
  const last = steps.every((s) => s.inverse) ? steps.length : steps.length - 1;
  for (let done = 0; done <= last; done++) {
    const model = start();
    for (const s of steps.slice(0, done)) apply(model, s.op);
    for (const op of rollbackOf(steps.slice(0, done))) apply(model, op, true);
    expect(dump(model), `rollback after ${done} steps`).toBe(before);
  }
}

const networkArb = (id: string, v4Net: string, v6Net: string) =>
  fc
    .record({
      mode: fc.constantFrom('l2', 'l3', 'l3s') as fc.Arbitrary<Network['mode']>,
      v4: fc.boolean(),
      v6: fc.boolean(),
      extra: fc.boolean(),
    })
    .map(({ mode, v4, v6, extra }) => ({
      network: networkOf({
        id,
        name: `net-${id}`,
        mode,
        parent: 'eth0.10',
        parentKind: 'vlan',
        vlanId: 10,
        ipv6: true,
        subnets: [
          { family: 4, subnet: `${v4Net}.0.0/16`, auxAddresses: {}, fromDefaultPool: false },
          { family: 6, subnet: `${v6Net}::/64`, auxAddresses: {}, fromDefaultPool: false },
          ...(extra
            ? [
                {
                  family: 4 as const,
                  subnet: `${v4Net}.200.0/24`,
                  auxAddresses: {},
                  fromDefaultPool: false,
                },
              ]
            : []),
        ],
      }),
      addresses: {
        ...(v4 ? { ipv4Address: `${v4Net}.0.9/16` } : {}),
        ...(v6 ? { ipv6Address: `${v6Net}::9/64` } : {}),
      },
    }));

const baseLinks = [
  { name: 'eth0', kind: 'device' },
  { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
];

/** A host where `others` already hold their share of the shim (made by their own add plans). */
function hostWith(
  others: HostShim[],
  networks: Network[],
): { snapshot: HostSnapshot; start: () => Model } {
  const shimLink = others.length
    ? [{ name: shimNameOf('eth0.10'), kind: 'ipvlan', parent: 'eth0.10', up: true }]
    : [];
  const snapshot = snapshotOf({
    links: [...baseLinks, ...shimLink],
    networks,
    shims: others,
    addresses: others.flatMap((s) =>
      [s.ipv4Address, s.ipv6Address].flatMap((a) => (a ? [{ dev: s.ifname, address: a }] : [])),
    ),
  });
  // Routes of the others' uncovered subnets: what their add plans left.
  const start = () => {
    const model = modelOf(snapshotOf({ links: baseLinks }));
    const empty = snapshotOf({ links: baseLinks });
    let made = false;
    for (const shim of others) {
      const network = networks.find((n) => n.id === shim.networkId)!;
      const plan = planShimAdd({ network, snapshot: made ? snapshot : empty, shim });
      for (const s of plan.steps) apply(model, s.op);
      made = true;
    }
    return model;
  };
  return { snapshot, start };
}

describe('host shim plans are undone by their inverses, from any failure point', () => {
  it('add: the first network on the parent (link made) or a second one (link shared)', () => {
    fc.assert(
      fc.property(
        networkArb('a', '10.1', 'fd00:1'),
        networkArb('b', '10.2', 'fd00:2'),
        fc.boolean(),
        (a, b, shared) => {
          const others = shared ? [shimOf(b.network, b.addresses, 'now')] : [];
          const { snapshot, start } = hostWith(
            others,
            shared ? [a.network, b.network] : [a.network],
          );
          const shim = shimOf(a.network, a.addresses, 'now');
          check(start, planShimAdd({ network: a.network, snapshot, shim }).steps);
        },
      ),
    );
  });

  it('remove: the last network (link deleted) or one of two (link kept)', () => {
    fc.assert(
      fc.property(
        networkArb('a', '10.1', 'fd00:1'),
        networkArb('b', '10.2', 'fd00:2'),
        fc.boolean(),
        (a, b, shared) => {
          const mine = shimOf(a.network, a.addresses, 'now');
          const others = shared ? [shimOf(b.network, b.addresses, 'now'), mine] : [mine];
          const { snapshot, start } = hostWith(
            others,
            shared ? [a.network, b.network] : [a.network],
          );
          const steps = planShimRemove({ network: a.network, snapshot }).steps;
          expect(steps.some((s) => s.op.op === 'linkDel')).toBe(!shared);
          check(start, steps);
          // Removing then leaves exactly what the others' shares make.
          const model = start();
          for (const s of steps) apply(model, s.op);
          const rest = hostWith(shared ? [others[0]!] : [], [b.network]);
          expect(dump(model)).toBe(dump(rest.start()));
        },
      ),
    );
  });
});

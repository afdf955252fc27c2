// Property tests (issue 2, item 4): random subnets, ranges and sequences of
// allocate / allocateStatic / release, checked against the simplest model that
// could be right: a Set of the BigInt addresses taken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/errors';
import { type Family, familyBits, formatCidr } from '../../src/ip';
import { SubnetPool } from '../../src/ipam/subnet-pool';
import { subnet, text } from './helpers';

interface Scenario {
  family: Family;
  network: bigint;
  prefix: number;
  range?: { network: bigint; prefix: number };
  gateway?: bigint;
  aux: bigint[];
}

const block = (family: Family, value: bigint, prefix: number): bigint => {
  const host = BigInt(familyBits(family) - prefix);
  return (value >> host) << host;
};

/** A subnet of 1 to 1024 addresses (or a /64 now and then), an optional range inside it, a gateway and aux addresses. */
const scenario = (family: Family): fc.Arbitrary<Scenario> => {
  const bits = familyBits(family);
  const prefix =
    family === 4
      ? fc.integer({ min: 22, max: 32 })
      : fc.oneof(fc.integer({ min: 118, max: 128 }), fc.constant(64));
  return fc
    .record({
      prefix,
      seed: fc.bigInt(0n, (1n << BigInt(bits)) - 1n),
      extra: fc.nat(6),
      rangeSeed: fc.bigInt(0n, (1n << 64n) - 1n),
      useRange: fc.boolean(),
    })
    .chain(({ prefix, seed, extra, rangeSeed, useRange }) => {
      const network = block(family, seed, prefix);
      const size = 1n << BigInt(bits - prefix);
      const inside = fc
        .oneof(fc.bigInt(0n, size - 1n < 16n ? size - 1n : 16n), fc.bigInt(0n, size - 1n))
        .map((offset) => network + offset);
      const rangePrefix = Math.min(bits, prefix + extra);
      const range = useRange
        ? { network: block(family, network + (rangeSeed % size), rangePrefix), prefix: rangePrefix }
        : undefined;
      return fc
        .record({
          gateway: fc.option(inside, { nil: undefined }),
          aux: fc.array(inside, { maxLength: 2 }),
        })
        .map((rest) => ({ family, network, prefix, range, ...rest }));
    });
};

type Command =
  | { op: 'allocate' }
  | { op: 'static'; value: bigint; nearby: number }
  | { op: 'release'; pick: number };

const commands = (family: Family): fc.Arbitrary<Command[]> =>
  fc.array(
    fc.oneof(
      { arbitrary: fc.constant<Command>({ op: 'allocate' }), weight: 4 },
      {
        arbitrary: fc.record({
          op: fc.constant('static' as const),
          value: fc.bigInt(0n, (1n << BigInt(familyBits(family))) - 1n),
          nearby: fc.integer({ min: -1, max: 20 }),
        }),
        weight: 2,
      },
      { arbitrary: fc.record({ op: fc.constant('release' as const), pick: fc.nat() }), weight: 2 },
    ),
    { maxLength: 120 },
  );

/** The model: what is reserved, what is taken, and what each operation must do. */
class Model {
  readonly reserved = new Set<bigint>();
  readonly used = new Set<bigint>();
  readonly first: bigint;
  readonly last: bigint;
  readonly dynamicFirst: bigint;
  readonly dynamicLast: bigint;

  constructor(s: Scenario) {
    const size = (prefix: number): bigint => 1n << BigInt(familyBits(s.family) - prefix);
    this.first = s.network;
    this.last = s.network + size(s.prefix) - 1n;
    const smallV4 = s.family === 4 && s.prefix >= 31;
    if (!smallV4 && !(s.family === 6 && s.prefix >= 127)) this.reserved.add(this.first);
    if (s.family === 4 && !smallV4) this.reserved.add(this.last);
    for (const value of [...(s.gateway === undefined ? [] : [s.gateway]), ...s.aux])
      this.reserved.add(value);
    this.dynamicFirst = s.range?.network ?? this.first;
    const rangeLast = s.range ? s.range.network + size(s.range.prefix) - 1n : this.last;
    this.dynamicLast =
      rangeLast - this.dynamicFirst >= 1n << 63n ? this.dynamicFirst + (1n << 63n) - 1n : rangeLast;
  }

  taken(value: bigint): boolean {
    return this.reserved.has(value) || this.used.has(value);
  }

  lowestFree(): bigint | null {
    for (let value = this.dynamicFirst; value <= this.dynamicLast; value++)
      if (!this.taken(value)) return value;
    return null;
  }

  staticOutcome(value: bigint): string {
    if (value < this.first || value > this.last) return 'ADDRESS_OUTSIDE_SUBNET';
    if (this.reserved.has(value)) return 'ADDRESS_RESERVED';
    return this.used.has(value) ? 'ADDRESS_IN_USE' : 'ok';
  }

  usage(): { ipsInUse: bigint; dynamicIpsAvailable: bigint } {
    const all = new Set([...this.reserved, ...this.used]);
    const inRange = [...all].filter(
      (value) => value >= this.dynamicFirst && value <= this.dynamicLast,
    ).length;
    return {
      ipsInUse: BigInt(all.size),
      dynamicIpsAvailable: this.dynamicLast - this.dynamicFirst + 1n - BigInt(inRange),
    };
  }
}

const outcome = (call: () => void): string => {
  try {
    call();
    return 'ok';
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

function poolFor(s: Scenario): SubnetPool {
  const cidr = formatCidr({
    family: s.family,
    network: s.network,
    prefix: s.prefix,
    written: s.network,
  });
  const aux = Object.fromEntries(s.aux.map((value, i) => [`aux${i}`, text(s.family, value)]));
  const ipRange =
    s.range &&
    formatCidr({
      family: s.family,
      network: s.range.network,
      prefix: s.range.prefix,
      written: s.range.network,
    });
  const gateway = s.gateway === undefined ? undefined : text(s.family, s.gateway);
  return new SubnetPool({
    subnet: subnet(cidr, {
      auxAddresses: aux,
      ...(ipRange ? { ipRange } : {}),
      ...(gateway ? { gateway } : {}),
    }),
    network: 'prop',
  });
}

/** Runs one command on both, and checks they agree. */
function step(pool: SubnetPool, model: Model, command: Command): void {
  if (command.op === 'allocate') {
    const expected = model.lowestFree();
    if (expected === null) expect(outcome(() => pool.allocate())).toBe('ADDRESS_EXHAUSTED');
    else {
      const value = pool.allocate();
      expect(value).toBe(expected); // lowest free, inside the range, never a duplicate
      model.used.add(value);
    }
  } else if (command.op === 'static') {
    const used = [...model.used];
    const value =
      command.nearby >= 0
        ? model.dynamicFirst + BigInt(command.nearby)
        : (used[0] ?? command.value); // collide often
    const expected = model.staticOutcome(value);
    expect(outcome(() => pool.allocateStatic(value))).toBe(expected);
    if (expected === 'ok') model.used.add(value);
  } else {
    const used = [...model.used];
    const value =
      used.length > 0 ? (used[command.pick % used.length] as bigint) : model.dynamicFirst;
    expect(pool.release(value)).toBe(model.used.delete(value));
    if (used.length > 0 && command.pick % 2 === 0 && model.lowestFree() === value) {
      expect(pool.allocate()).toBe(value); // released, then reused at once
      model.used.add(value);
    }
  }
}

describe.each([4, 6] as const)('SubnetPool against a Set<bigint> model, IPv%i', (family) => {
  it('agrees on every allocate, allocateStatic, release and usage', () => {
    fc.assert(
      fc.property(scenario(family), commands(family), (s, list) => {
        const pool = poolFor(s);
        const model = new Model(s);
        for (const command of list) step(pool, model, command);
        expect(pool.usage()).toEqual(model.usage());
        expect(pool.endpoints).toBe(model.used.size);
      }),
      { numRuns: 200 },
    );
  });
});

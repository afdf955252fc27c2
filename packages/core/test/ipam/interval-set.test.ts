import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AddressSet, toSpot } from '../../src/ipam/address-set';
import { IntervalSet } from '../../src/ipam/interval-set';

/** Runs must be sorted, disjoint and never touch (else "end + 1 is free" breaks). */
function expectCanonical(set: IntervalSet, model: Set<number>): void {
  let previousEnd = -2;
  let members = 0;
  const faults: [number, number][] = [];
  for (const [start, end] of set.runsFrom()) {
    if (start <= previousEnd + 1 || end < start) faults.push([start, end]);
    for (let x = start; x <= end; x++) if (!model.has(x)) faults.push([x, x]);
    members += end - start + 1;
    previousEnd = end;
  }
  expect(faults).toEqual([]);
  expect(members).toBe(model.size);
  expect(set.size).toBe(model.size);
}

const lowestFree = (model: Set<number>, lo: number, hi: number): number => {
  for (let x = lo; x <= hi; x++) if (!model.has(x)) return x;
  return -1;
};

const command = fc.oneof(
  fc.record({ op: fc.constant('add' as const), x: fc.nat(3000) }),
  fc.record({ op: fc.constant('delete' as const), x: fc.nat(3000) }),
  fc.record({ op: fc.constant('take' as const), x: fc.nat(3000), width: fc.nat(40) }),
);

describe('IntervalSet against a Set<number>', () => {
  it('agrees on every add, delete, take and count, and keeps its runs canonical', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 400 }), (commands) => {
        const set = new IntervalSet();
        const model = new Set<number>();
        for (const { op, x, ...rest } of commands) {
          if (op === 'add') expect(set.add(x)).toBe(!model.has(x) && model.add(x) !== undefined);
          else if (op === 'delete') expect(set.delete(x)).toBe(model.delete(x));
          else {
            const hi = x + ('width' in rest ? rest.width : 0);
            const expected = lowestFree(model, x, hi);
            expect(set.takeFirstFree(x, hi)).toBe(expected);
            if (expected >= 0) model.add(expected);
          }
          expect(set.has(x)).toBe(model.has(x));
        }
        expectCanonical(set, model);
        expect(set.countBetween(100, 1999)).toBe(
          [...model].filter((x) => x >= 100 && x <= 1999).length,
        );
      }),
    );
  });

  it('splits, merges and drops chunks correctly with tens of thousands of runs', () => {
    const set = new IntervalSet();
    const model = new Set<number>();
    const random = mulberry32(7);
    const mismatches: string[] = [];
    const check = (what: string, actual: unknown, expected: unknown): void => {
      if (actual !== expected) mismatches.push(`${what}: ${String(actual)} ≠ ${String(expected)}`);
    };
    const order = Array.from({ length: 30_000 }, (_, i) => i * 2).sort(() => random() - 0.5);
    for (const x of order) check(`add ${x}`, set.add(x), !model.has(x) && model.add(x).has(x));
    check('runs', set.runCount, 30_000);
    for (const x of order.slice(0, 20_000))
      check(`join ${x + 1}`, set.add(x + 1), !model.has(x + 1) && model.add(x + 1).has(x + 1)); // joins runs across chunk edges
    for (let i = 0; i < 20_000; i++) {
      const x = Math.floor(random() * 60_000);
      check(`delete ${x}`, set.delete(x), model.delete(x));
    }
    expectCanonical(set, model);
    for (let i = 0; i < 1000; i++) {
      const x = Math.floor(random() * 60_000);
      check(`firstFreeFrom ${x}`, set.firstFreeFrom(x), lowestFree(model, x, Infinity));
    }
    for (let i = 0; i < 5000; i++) {
      const x = Math.floor(random() * 60_000);
      const expected = lowestFree(model, x, x + 3);
      check(`take ${x}`, set.takeFirstFree(x, x + 3), expected); // merges runs across chunk edges too
      if (expected >= 0) model.add(expected);
    }
    expect(mismatches).toEqual([]);
    expectCanonical(set, model);
  });

  it('keeps sequential members in one run', () => {
    const set = new IntervalSet();
    for (let i = 0; i < 100_000; i++) set.takeFirstFree(0, 2 ** 52);
    expect([set.size, set.runCount]).toEqual([100_000, 1]);
  });
});

describe('AddressSet windows beyond 2^53', () => {
  const edge = 1n << 52n;

  it('allocates across a window boundary in order, then reports the range full', () => {
    const set = new AddressSet();
    const [lo, hi] = [toSpot(edge - 2n), toSpot(edge + 1n)];
    const taken = [1, 2, 3, 4].map(() => set.takeFirstFree(lo, hi));
    expect(taken).toEqual([edge - 2n, edge - 1n, edge, edge + 1n]);
    expect(set.takeFirstFree(lo, hi)).toBeNull();
    expect(set.countBetween(edge - 1n, edge)).toBe(2n);
    expect([...set.runs()]).toEqual([
      [edge - 2n, edge - 1n],
      [edge, edge + 1n],
    ]);
  });

  it('adds, finds and deletes offsets near 2^64 and 2^127 exactly', () => {
    const set = new AddressSet();
    const far = [(1n << 64n) - 2n, (1n << 64n) - 1n, (1n << 127n) + 12345n];
    for (const offset of far) expect(set.add(offset)).toBe(true);
    expect(set.add(far[0] as bigint)).toBe(false);
    expect(set.has((1n << 64n) - 3n)).toBe(false);
    expect(set.runCount).toBe(2);
    for (const offset of far) expect(set.delete(offset)).toBe(true);
    expect([set.size, set.runCount]).toEqual([0, 0]);
  });
});

/** A seeded generator, so the large test is the same on every run. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

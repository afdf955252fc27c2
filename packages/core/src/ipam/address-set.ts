import { IntervalSet } from './interval-set';

// An IPv6 subnet can hold 2^64 (or more) addresses, beyond the 2^53 that a
// number holds exactly, yet BigInt arithmetic in the hot path costs an
// allocation per step. So offsets are cut into windows of 2^52 addresses: a
// window is an IntervalSet of plain numbers, and only the window index is a
// BigInt. Every IPv4 subnet and every dynamic allocation in practice stay in
// window 0, which is kept out of the Map.

const WINDOW_BITS = 52n;
const LOCAL_MASK = (1n << WINDOW_BITS) - 1n;
/** Largest offset inside a window. */
const LOCAL_MAX = 2 ** 52 - 1;
/** Largest offset of window 0, which the number-only methods (…Near) take and give. */
export const NEAR_MAX = LOCAL_MAX;

/** An offset cut into its window and its place in the window, computed once per pool for the range bounds. */
export interface Spot {
  window: bigint;
  local: number;
}

/** Cuts a BigInt offset into a window and a number. */
export const toSpot = (offset: bigint): Spot => ({
  window: offset >> WINDOW_BITS,
  local: Number(offset & LOCAL_MASK),
});

/** Joins a window and a place back into a BigInt offset. */
export const fromSpot = (window: bigint, local: number): bigint =>
  window === 0n ? BigInt(local) : (window << WINDOW_BITS) | BigInt(local);

/** A set of address offsets of any width whose memory grows with its runs, not with the range it covers. */
export class AddressSet {
  private readonly zero = new IntervalSet();
  private readonly far = new Map<bigint, IntervalSet>();
  private members = 0;

  /** Number of members. */
  get size(): number {
    return this.members;
  }

  /** Number of runs over all windows: what the memory grows with. */
  get runCount(): number {
    let total = this.zero.runCount;
    for (const window of this.far.values()) total += window.runCount;
    return total;
  }

  /** True when the offset is a member. */
  has(offset: bigint): boolean {
    if (offset <= LOCAL_MAX) return this.zero.has(Number(offset));
    const { window, local } = toSpot(offset);
    return this.far.get(window)?.has(local) ?? false;
  }

  /** Adds an offset; false when it was already a member. */
  add(offset: bigint): boolean {
    const added = offset <= LOCAL_MAX ? this.zero.add(Number(offset)) : this.farAdd(toSpot(offset));
    if (added) this.members++;
    return added;
  }

  /** Removes an offset; false when it was not a member. */
  delete(offset: bigint): boolean {
    const removed =
      offset <= LOCAL_MAX ? this.zero.delete(Number(offset)) : this.farDelete(toSpot(offset));
    if (removed) this.members--;
    return removed;
  }

  // The hot path of connect and disconnect: window 0 with no BigInt at all.
  /** Removes an offset of window 0 (≤ NEAR_MAX); false when it was not a member. */
  deleteNear(offset: number): boolean {
    if (!this.zero.delete(offset)) return false;
    this.members--;
    return true;
  }

  /** Adds and returns the lowest non-member in [lo, hi] of window 0 (hi ≤ NEAR_MAX), or -1 when all are members. */
  takeFirstFreeNear(lo: number, hi: number): number {
    const x = this.zero.takeFirstFree(lo, hi);
    if (x >= 0) this.members++;
    return x;
  }

  // Windows are visited in order only while the current one is full from the
  // bound on, which needs 2^52 members: in practice one step.
  /** Adds and returns the lowest non-member in [lo, hi], or null when all are members. */
  takeFirstFree(lo: Spot, hi: Spot): bigint | null {
    for (let window = lo.window; window <= hi.window; window++) {
      const from = window === lo.window ? lo.local : 0;
      const to = window === hi.window ? hi.local : LOCAL_MAX;
      const x = this.windowFor(window).takeFirstFree(from, to);
      if (x >= 0) {
        this.members++;
        return fromSpot(window, x);
      }
      if (window !== 0n && this.far.get(window)?.size === 0) this.far.delete(window);
    }
    return null;
  }

  /** Number of members in [lo, hi]. */
  countBetween(lo: bigint, hi: bigint): bigint {
    let total =
      this.zero.size === 0 || lo > LOCAL_MAX
        ? 0
        : this.zero.countBetween(Number(lo), Math.min(Number(hi), LOCAL_MAX));
    for (const [window, set] of this.far) {
      const first = window << WINDOW_BITS;
      const last = first | LOCAL_MASK;
      if (last < lo || first > hi) continue;
      total += set.countBetween(
        lo > first ? Number(lo - first) : 0,
        hi < last ? Number(hi - first) : LOCAL_MAX,
      );
    }
    return BigInt(total);
  }

  /** The runs in ascending order, as BigInt offsets. */
  *runs(): Generator<[bigint, bigint]> {
    const windows = [...this.far.keys()].sort((a, b) => (a < b ? -1 : 1));
    for (const [start, end] of this.zero.runsFrom()) yield [BigInt(start), BigInt(end)];
    for (const window of windows) {
      for (const [start, end] of (this.far.get(window) as IntervalSet).runsFrom())
        yield [fromSpot(window, start), fromSpot(window, end)];
    }
  }

  private windowFor(window: bigint): IntervalSet {
    if (window === 0n) return this.zero;
    let set = this.far.get(window);
    if (!set) this.far.set(window, (set = new IntervalSet()));
    return set;
  }

  private farAdd({ window, local }: Spot): boolean {
    return this.windowFor(window).add(local);
  }

  private farDelete({ window, local }: Spot): boolean {
    const set = this.far.get(window);
    if (!set?.delete(local)) return false;
    if (set.size === 0) this.far.delete(window);
    return true;
  }
}

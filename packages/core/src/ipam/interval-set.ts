// Memory must follow the runs of allocated addresses, not the subnet size, so a
// set is stored as sorted, disjoint, non-adjacent runs [start, end] of plain
// numbers (exact below 2^53). Runs live in chunks of Float64Array (16 bytes a
// run, no object per run) so that inserting or removing a run moves at most one
// chunk's worth of memory, never the whole set: the lowest-free order keeps
// working on the first chunks, which a flat array would make quadratic.

/** Largest chunk, in runs: a split or a shift copies at most 16 KiB. */
const MAX_RUNS = 1024;
/** Smallest chunk, in runs: a fresh set costs 64 bytes of run storage. */
const MIN_RUNS = 4;

interface Chunk {
  /** start0, end0, start1, end1, … */
  runs: Float64Array;
  /** Runs in use. */
  size: number;
}

const newChunk = (capacity: number): Chunk => ({ runs: new Float64Array(capacity * 2), size: 0 });

/** A set of non-negative integers below 2^53, stored as runs so that consecutive members cost nothing. */
export class IntervalSet {
  private readonly chunks: Chunk[] = [];
  private members = 0;
  private runTotal = 0;
  // Where the last locate() landed: the last run whose start is ≤ x (chunk -1 when none).
  private c = -1;
  private i = -1;

  /** Number of members. */
  get size(): number {
    return this.members;
  }

  /** Number of runs: what the memory grows with. */
  get runCount(): number {
    return this.runTotal;
  }

  /** True when x is a member. */
  has(x: number): boolean {
    this.locate(x);
    return this.c >= 0 && this.end(this.c, this.i) >= x;
  }

  /** The lowest non-member ≥ x: x itself, or one past the run covering x (runs never touch, so it is free). */
  firstFreeFrom(x: number): number {
    this.locate(x);
    if (this.c < 0) return x;
    const end = this.end(this.c, this.i);
    return end >= x ? end + 1 : x;
  }

  // One binary search for the hot path of dynamic allocation: the sequential
  // case only moves the end of the first run.
  /** Adds and returns the lowest non-member in [lo, hi], or -1 when there is none. */
  takeFirstFree(lo: number, hi: number): number {
    this.locate(lo);
    const { c, i } = this;
    if (c < 0 || this.end(c, i) < lo) return lo <= hi && this.add(lo) ? lo : -1;
    const x = this.end(c, i) + 1;
    if (x > hi) return -1;
    this.extendEnd(c, i, x);
    return x;
  }

  /** Adds x; false when it was already a member. */
  add(x: number): boolean {
    this.locate(x);
    const { c, i } = this;
    if (c >= 0 && this.end(c, i) >= x) return false;
    if (c >= 0 && this.end(c, i) === x - 1) {
      this.extendEnd(c, i, x);
      return true;
    }
    const [nc, ni] = c < 0 ? [this.chunks.length > 0 ? 0 : -1, 0] : this.next(c, i);
    if (nc >= 0 && this.start(nc, ni) === x + 1) this.chunk(nc).runs[ni * 2] = x;
    else this.insertRun(Math.max(c, 0), i + 1, x, x);
    this.members++;
    return true;
  }

  /** Removes x; false when it was not a member. */
  delete(x: number): boolean {
    this.locate(x);
    const { c, i } = this;
    if (c < 0 || this.end(c, i) < x) return false;
    const runs = this.chunk(c).runs;
    const start = this.start(c, i);
    const end = this.end(c, i);
    if (start === end) this.removeRun(c, i);
    else if (x === start) runs[i * 2] = x + 1;
    else if (x === end) runs[i * 2 + 1] = x - 1;
    else {
      runs[i * 2 + 1] = x - 1;
      this.insertRun(c, i + 1, x + 1, end);
    }
    this.members--;
    return true;
  }

  /** Number of members in [lo, hi]. */
  countBetween(lo: number, hi: number): number {
    let total = 0;
    for (const [start, end] of this.runsFrom(lo)) {
      if (start > hi) break;
      total += Math.min(end, hi) - Math.max(start, lo) + 1;
    }
    return total;
  }

  /** The runs in order, from the one covering or following `from`. */
  *runsFrom(from = 0): Generator<[number, number]> {
    this.locate(from);
    let c = Math.max(this.c, 0);
    let i = this.c < 0 || this.end(this.c, this.i) < from ? this.i + 1 : this.i;
    for (; c < this.chunks.length; c++, i = 0) {
      const { runs, size } = this.chunk(c);
      for (; i < size; i++) yield [runs[i * 2] as number, runs[i * 2 + 1] as number];
    }
  }

  private chunk(c: number): Chunk {
    return this.chunks[c] as Chunk;
  }

  private start(c: number, i: number): number {
    return this.chunk(c).runs[i * 2] as number;
  }

  private end(c: number, i: number): number {
    return this.chunk(c).runs[i * 2 + 1] as number;
  }

  private next(c: number, i: number): [number, number] {
    if (i + 1 < this.chunk(c).size) return [c, i + 1];
    return c + 1 < this.chunks.length ? [c + 1, 0] : [-1, 0];
  }

  /** Sets the end of run (c, i) to x, which is one past it, merging with the next run when they now touch. */
  private extendEnd(c: number, i: number, x: number): void {
    const runs = this.chunk(c).runs;
    this.members++;
    const [nc, ni] = this.next(c, i);
    if (nc >= 0 && this.start(nc, ni) === x + 1) {
      runs[i * 2 + 1] = this.end(nc, ni);
      this.removeRun(nc, ni);
    } else runs[i * 2 + 1] = x;
  }

  /** Binary search: sets (c, i) to the last run whose start is ≤ x. */
  private locate(x: number): void {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length - 1;
    let c = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (((chunks[mid] as Chunk).runs[0] as number) <= x) {
        c = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    this.c = c;
    this.i = c < 0 ? -1 : lastStartAtOrBelow(this.chunk(c), x);
  }

  private insertRun(c: number, i: number, start: number, end: number): void {
    if (this.chunks.length === 0) this.chunks.push(newChunk(MIN_RUNS));
    let chunk = this.chunk(c);
    if (chunk.size * 2 === chunk.runs.length) {
      if (chunk.runs.length < MAX_RUNS * 2) chunk.runs = resized(chunk, chunk.runs.length);
      else [c, i] = this.split(c, i);
      chunk = this.chunk(c);
    }
    chunk.runs.copyWithin(i * 2 + 2, i * 2, chunk.size * 2);
    chunk.runs[i * 2] = start;
    chunk.runs[i * 2 + 1] = end;
    chunk.size++;
    this.runTotal++;
  }

  // Runs that arrive in ascending order (releasing every other address of a
  // block) would leave every chunk half empty after a split in the middle; a
  // split at the insertion point, when it is near the end, keeps chunks full,
  // as B-trees do for sequential keys.
  /** Moves the runs from the split point of a full chunk into a new one; returns where run i now goes. */
  private split(c: number, i: number): [number, number] {
    const chunk = this.chunk(c);
    const full = chunk.size;
    const at = i >= (full * 3) >>> 2 ? i : full >>> 1;
    const upper = newChunk(Math.max(MIN_RUNS, 2 ** Math.ceil(Math.log2(full - at + 1))));
    upper.runs.set(chunk.runs.subarray(at * 2, full * 2));
    upper.size = full - at;
    chunk.size = at;
    this.chunks.splice(c + 1, 0, upper);
    return i > at || at === full ? [c + 1, i - at] : [c, i];
  }

  private removeRun(c: number, i: number): void {
    const chunk = this.chunk(c);
    chunk.runs.copyWithin(i * 2, i * 2 + 2, chunk.size * 2);
    chunk.size--;
    this.runTotal--;
    if (chunk.size === 0) this.chunks.splice(c, 1);
    else if (chunk.size * 8 <= chunk.runs.length && chunk.runs.length > MIN_RUNS * 2)
      chunk.runs = resized(chunk, -chunk.runs.length / 2);
  }
}

/** Index of the last run of the chunk whose start is ≤ x (the chunk's first start is ≤ x). */
function lastStartAtOrBelow(chunk: Chunk, x: number): number {
  const runs = chunk.runs;
  let lo = 0;
  let hi = chunk.size - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if ((runs[mid * 2] as number) <= x) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** A copy of the chunk's runs in an array grown (or shrunk, when negative) by `delta` numbers. */
function resized(chunk: Chunk, delta: number): Float64Array {
  const runs = new Float64Array(chunk.runs.length + delta);
  runs.set(chunk.runs.subarray(0, chunk.size * 2));
  return runs;
}

// Runs tasks with a cap overall and a cap per key (a host: its agent runs
// one ping process per call, and a small guest should not run many at once).
// Results come out in completion order, so progress moves as pings finish.

export interface Limits {
  overall: number;
  perKey: number;
}

type Settled<T, R> = { item: T; outcome: PromiseSettledResult<R> };

/** The tasks waiting, running (counted per key) and settled but not yet taken. */
class BoundedPool<T, R> {
  private readonly pending: T[];
  private readonly active = new Map<string, number>();
  private readonly settled: Settled<T, R>[] = [];
  private running = 0;
  private wake: (() => void) | null = null;

  constructor(
    items: readonly T[],
    private readonly keyOf: (item: T) => string,
    private readonly run: (item: T) => Promise<R>,
    private readonly limits: Limits,
  ) {
    this.pending = [...items];
  }

  /** Starts every waiting task the caps allow now, in order, skipping keys at their cap. */
  fill(): void {
    for (let i = 0; i < this.pending.length && this.running < this.limits.overall;) {
      const item = this.pending[i] as T;
      const key = this.keyOf(item);
      if ((this.active.get(key) ?? 0) >= this.limits.perKey) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      this.running++;
      this.active.set(key, (this.active.get(key) ?? 0) + 1);
      this.run(item).then(
        (value) => this.finish(item, key, { status: 'fulfilled', value }),
        (reason: unknown) => this.finish(item, key, { status: 'rejected', reason }),
      );
    }
  }

  /** The oldest settled task not yet taken. */
  take(): Settled<T, R> | undefined {
    return this.settled.shift();
  }

  /** Nothing waits and nothing runs. */
  get done(): boolean {
    return this.running === 0 && this.pending.length === 0;
  }

  /** Resolves when the next running task settles. */
  async settle(): Promise<void> {
    await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = null;
  }

  private finish(item: T, key: string, outcome: PromiseSettledResult<R>): void {
    this.running--;
    this.active.set(key, (this.active.get(key) ?? 1) - 1);
    this.settled.push({ item, outcome });
    this.wake?.();
  }
}

/** Runs `run` over `items`, never more than `limits.overall` at once nor `limits.perKey` with one key; yields each result as it settles. */
export async function* runBounded<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  run: (item: T) => Promise<R>,
  limits: Limits,
  signal?: AbortSignal,
): AsyncGenerator<{ item: T; result: R }> {
  const pool = new BoundedPool(items, keyOf, run, limits);
  while (!signal?.aborted) {
    pool.fill();
    const next = pool.take();
    if (next) {
      if (next.outcome.status === 'rejected') throw next.outcome.reason;
      yield { item: next.item, result: next.outcome.value };
      continue;
    }
    if (pool.done) return;
    await pool.settle();
  }
}

// Runs tasks with a cap overall and a cap per key (a host: its agent runs
// one ping process per call, and a small guest should not run many at once).
// Results come out in completion order, so progress moves as pings finish.

export interface Limits {
  overall: number;
  perKey: number;
}

/** Runs `run` over `items`, never more than `limits.overall` at once nor `limits.perKey` with one key; yields each result as it settles. */
export async function* runBounded<T, R>(
  items: readonly T[],
  keyOf: (item: T) => string,
  run: (item: T) => Promise<R>,
  limits: Limits,
  signal?: AbortSignal,
): AsyncGenerator<{ item: T; result: R }> {
  const pending = [...items];
  const active = new Map<string, number>();
  const settled: { item: T; outcome: PromiseSettledResult<R> }[] = [];
  let running = 0;
  let wake: (() => void) | null = null;

  const startEligible = () => {
    for (let i = 0; i < pending.length && running < limits.overall;) {
      const item = pending[i] as T;
      const key = keyOf(item);
      if ((active.get(key) ?? 0) >= limits.perKey) {
        i++;
        continue;
      }
      pending.splice(i, 1);
      running++;
      active.set(key, (active.get(key) ?? 0) + 1);
      run(item).then(
        (value) => finish(item, key, { status: 'fulfilled', value }),
        (reason: unknown) => finish(item, key, { status: 'rejected', reason }),
      );
    }
  };
  const finish = (item: T, key: string, outcome: PromiseSettledResult<R>) => {
    running--;
    active.set(key, (active.get(key) ?? 1) - 1);
    settled.push({ item, outcome });
    wake?.();
  };

  while (!signal?.aborted) {
    startEligible();
    const next = settled.shift();
    if (next) {
      if (next.outcome.status === 'rejected') throw next.outcome.reason;
      yield { item: next.item, result: next.outcome.value };
      continue;
    }
    if (running === 0 && pending.length === 0) return;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
  }
}

// Bounded parallelism across hosts: at most `limit` run at once; once one
// fails and `stopOnError` is set, hosts not yet started are not started.

/** Runs `work` over `items` with at most `limit` at once; `failed` tells whether a result is a failure. */
export async function runPool<T, R>(opts: {
  items: readonly T[];
  limit: number;
  work: (item: T) => Promise<R>;
  failed: (result: R) => boolean;
  skipped: (item: T) => R;
  stopOnError: boolean;
}): Promise<R[]> {
  const results: R[] = new Array(opts.items.length);
  let next = 0;
  let stop = false;
  const worker = async (): Promise<void> => {
    while (next < opts.items.length) {
      const index = next++;
      const item = opts.items[index] as T;
      if (stop) {
        results[index] = opts.skipped(item);
        continue;
      }
      const result = await opts.work(item);
      results[index] = result;
      if (opts.stopOnError && opts.failed(result)) stop = true;
    }
  };
  const workers = Math.max(1, Math.min(opts.limit, opts.items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

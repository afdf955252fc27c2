import type { DriftItem } from '@underlay/core';

// The agent's last drift check, kept in memory for host.snapshot: a drift
// check reads every container's namespace (one exec each), too slow to run
// for every dashboard refresh, while the last answer costs nothing.

const keyOf = (items: readonly DriftItem[]): string =>
  JSON.stringify(
    items.map((i) => [i.kind, i.network, i.endpoint ?? '', i.address ?? '', i.link ?? '']).sort(),
  );

/** The last drift check's items; `record` says whether they differ from the ones before. */
export class DriftLedger {
  private last: DriftItem[] = [];
  private key = keyOf([]);

  get items(): DriftItem[] {
    return this.last;
  }

  /** Keeps a new check's items; true when they differ from the last check's (in any order). */
  record(items: DriftItem[]): boolean {
    const key = keyOf(items);
    const changed = key !== this.key;
    this.last = items;
    this.key = key;
    return changed;
  }
}

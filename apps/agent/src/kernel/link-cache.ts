import type { SnapshotLink } from '@underlay/core';
import type { Kernel } from './port';

// Each exec costs 50–110 ms in a guest (LAB.md), and a connect otherwise reads
// every host link first. The agent is the host's only writer of what it
// plans against, so it keeps the host link list and drops it when the kernel
// says a link changed (link events) or when a plan touched a host link.
// Only a link event stream makes the cache trustworthy: without one (tests,
// or before the monitor runs) every read goes to the kernel. A stale entry
// costs at most a refused kernel op, which the runner rolls back.

const REFILL_QUIET_MS = 100;

/** A host list (links, addresses) with explicit invalidation. */
export class HostCache<T> {
  private links: Promise<T> | undefined;
  private live = false;
  /** The pending read of refillWhenQuiet. */
  private refill: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly read: () => Promise<T>) {}

  /** The host links, from the cache when it is live and filled. */
  get(): Promise<T> {
    if (!this.live) return this.read();
    this.links ??= this.read().catch((err: unknown) => {
      this.links = undefined;
      throw err;
    });
    return this.links;
  }

  /** Forgets the cached list (a link changed). */
  invalidate(): void {
    this.links = undefined;
    if (this.refill) this.armRefill();
  }

  // A plan that changed a host link empties the cache, and the link events of that change empty it again a moment
  // later: the next network operation read the list in its own time (docs/perf.md, operations end to end). Read it
  // once those events have stopped instead, between operations.
  /** Reads the list again once no invalidation came for `REFILL_QUIET_MS` (only while the cache is live). */
  refillWhenQuiet(): void {
    if (this.live) this.armRefill();
  }

  private armRefill(): void {
    clearTimeout(this.refill);
    this.refill = setTimeout(() => {
      this.refill = undefined;
      if (this.live) this.get().catch(() => undefined); // a failed read is retried by the next get()
    }, REFILL_QUIET_MS);
    this.refill.unref();
  }

  /** Turns caching on (a link event stream is running) or off. */
  setLive(live: boolean): void {
    this.live = live;
    this.links = undefined;
  }

  /** Whether a link event stream keeps the list (reads are cached). */
  isLive(): boolean {
    return this.live;
  }

  /** Whether get() answers without a kernel read. */
  peek(): { filled: boolean } {
    return { filled: this.live && this.links !== undefined };
  }

  // A caller that reads the list with something else (one `ip addr` run carries links and addresses) hands the read
  // over as it starts: a get() meanwhile joins it instead of queueing a read of its own behind it, and an
  // invalidation drops it, since its list may predate the change.
  /** Lets get() answer from `pending`, a read of this list that the caller has just started (only while live and empty). */
  adopt(pending: Promise<T>): void {
    if (!this.live || this.links !== undefined) return;
    const kept: Promise<T> = pending.catch((err: unknown) => {
      if (this.links === kept) this.links = undefined;
      throw err;
    });
    kept.catch(() => undefined); // the caller that started the read handles its failure
    this.links = kept;
  }
}

/** The host link list, cached while link events flow. */
export class HostLinkCache extends HostCache<SnapshotLink[]> {}

// The host's addresses, for network create's checks (host shim conflicts, default pools). Kept the same way as the
// links: live only while the monitor also follows address events, dropped on any link or address event and on the
// agent's own host changes; otherwise every read goes to the kernel.
/** The host address list, cached while address events flow. */
export class HostAddressCache extends HostCache<{ dev: string; address: string }[]> {}

// One `ip addr` run carries the links' details too: the address list's read hands its links to the link cache, so a
// refill after a host change is one run in the guest, not two (each holds the batch runner an operation may wait for).
/** The address cache's read: the host state in one run when the kernel has it, its links kept by `links`. */
export function addressReader(
  kernel: Pick<Kernel, 'hostAddresses' | 'hostState'>,
  links: HostLinkCache,
): () => Promise<{ dev: string; address: string }[]> {
  return async () => {
    if (!kernel.hostState) return kernel.hostAddresses();
    const state = kernel.hostState();
    links.adopt(state.then((s) => s.links));
    return (await state).addresses;
  };
}

/** After a host change: one quiet refill, of the address list (which refills the links) while it is live, else of the links. */
export function refillHostLists(
  links: HostLinkCache,
  addresses: HostAddressCache | undefined,
): void {
  if (addresses?.isLive()) addresses.refillWhenQuiet();
  else links.refillWhenQuiet();
}

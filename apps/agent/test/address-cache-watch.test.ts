import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { KernelLinkEvent } from '../src/kernel/port';
import { HostAddressCache, HostLinkCache } from '../src/kernel/link-cache';
import { watchLinks } from '../src/reconcile/link-watch';
import type { ServiceDeps } from '../src/service/deps';

// The host address cache is trusted only while the kernel's monitor follows address events, and any address or link
// event empties it. Pure wiring of the watch and the cache; the kernel side is shim.lab.test.ts.

interface Feed {
  onAddress?: () => void;
  push: (event: KernelLinkEvent) => void;
}

/** A stand-in kernel whose link event stream the test feeds by hand. */
function standIn(addressEvents: boolean): { kernel: ServiceDeps['kernel']; feed: Feed } {
  const feed: Feed = { push: () => undefined };
  const kernel = {
    addressEvents,
    async *linkEvents(signal: AbortSignal, onAddress?: () => void) {
      feed.onAddress = onAddress;
      const queue: KernelLinkEvent[] = [];
      let wake: () => void = () => undefined;
      feed.push = (event) => (queue.push(event), wake());
      signal.addEventListener('abort', () => wake());
      while (!signal.aborted) {
        const next = queue.shift();
        if (next) yield next;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
  return { kernel: kernel as unknown as ServiceDeps['kernel'], feed };
}

/** Runs the link watch over a stand-in kernel, with `addresses` as the address cache. */
function startWatch(
  addressEvents: boolean,
  addresses: HostAddressCache,
  signal: AbortSignal,
): Feed {
  const { kernel, feed } = standIn(addressEvents);
  const deps = {
    kernel,
    links: new HostLinkCache(async () => []),
    addresses,
    bus: { publish: () => undefined },
    log: { warn: () => undefined, error: () => undefined },
  } as unknown as ServiceDeps;
  void watchLinks(deps, { signal, onAppear: async () => undefined });
  return feed;
}

let reads: number;
let addresses: HostAddressCache;
let watch: AbortController;
beforeEach(() => {
  vi.useFakeTimers();
  reads = 0;
  addresses = new HostAddressCache(async () => [{ dev: 'eth0', address: `10.0.0.${++reads}/24` }]);
  watch = new AbortController();
});
afterEach(() => {
  watch.abort();
  vi.useRealTimers();
});

describe('host address cache fed by the link watch', () => {
  it('serves reads from the cache once the watch runs, and reads again after an address event', async () => {
    const feed = startWatch(true, addresses, watch.signal);
    await vi.advanceTimersByTimeAsync(600);
    expect(await addresses.get()).toEqual([{ dev: 'eth0', address: '10.0.0.1/24' }]);
    expect(await addresses.get()).toEqual([{ dev: 'eth0', address: '10.0.0.1/24' }]);
    expect(reads).toBe(1);
    feed.onAddress?.();
    expect(addresses.peek().filled).toBe(false);
    expect(await addresses.get()).toEqual([{ dev: 'eth0', address: '10.0.0.2/24' }]);
  });

  it('empties the cache on a link event (a link takes its addresses with it)', async () => {
    const feed = startWatch(true, addresses, watch.signal);
    await vi.advanceTimersByTimeAsync(600);
    await addresses.get();
    feed.push({ type: 'removed', link: 'eth0.70' });
    await vi.advanceTimersByTimeAsync(0);
    expect(addresses.peek().filled).toBe(false);
  });
});

describe('host address cache after the watch starts', () => {
  it('is read once the watch has armed it, so the first operation finds it filled', async () => {
    startWatch(true, addresses, watch.signal);
    await vi.advanceTimersByTimeAsync(700);
    expect(reads).toBe(1);
    expect(addresses.peek().filled).toBe(true);
  });
});

describe('host address cache without address events', () => {
  it('never caches when the kernel does not follow address events: every read goes to the kernel', async () => {
    startWatch(false, addresses, watch.signal);
    await vi.advanceTimersByTimeAsync(600);
    await addresses.get();
    await addresses.get();
    expect(reads).toBe(2);
    expect(addresses.peek().filled).toBe(false);
  });

  it('stops caching when the watch ends', async () => {
    startWatch(true, addresses, watch.signal);
    await vi.advanceTimersByTimeAsync(600);
    await addresses.get();
    watch.abort();
    await vi.advanceTimersByTimeAsync(0);
    await addresses.get();
    expect(reads).toBe(2);
  });
});

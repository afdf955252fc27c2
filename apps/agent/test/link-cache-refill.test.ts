import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotLink } from '@underlay/core';
import { HostLinkCache } from '../src/kernel/link-cache';

// After a plan changed a host link, the cache reads the list again once the
// link events of that change have stopped, so the next operation finds it filled.

const link = (name: string): SnapshotLink => ({
  name,
  kind: 'vlan',
  parent: 'eth0',
  mtu: 1500,
  up: true,
});

describe('HostLinkCache.refillWhenQuiet', () => {
  let reads: number;
  let cache: HostLinkCache;
  beforeEach(() => {
    vi.useFakeTimers();
    reads = 0;
    cache = new HostLinkCache(async () => [link(`eth0.${++reads}`)]);
  });
  afterEach(() => vi.useRealTimers());

  it('reads once the invalidations have been quiet for a while, and the next get() is served from it', async () => {
    cache.setLive(true);
    cache.invalidate();
    cache.refillWhenQuiet();
    // The change's own link events keep coming: each one postpones the read.
    for (let i = 0; i < 3; i++) {
      await vi.advanceTimersByTimeAsync(60);
      cache.invalidate();
    }
    expect(reads).toBe(0);
    await vi.advanceTimersByTimeAsync(150);
    expect(reads).toBe(1);
    expect(cache.peek().filled).toBe(true);
    expect(await cache.get()).toEqual([link('eth0.1')]);
    expect(reads).toBe(1);
  });

  it('does nothing while the cache is not live (no link event stream)', async () => {
    cache.refillWhenQuiet();
    await vi.advanceTimersByTimeAsync(1000);
    expect(reads).toBe(0);
  });

  it('a later invalidation empties the refilled list again (a link changed since)', async () => {
    cache.setLive(true);
    cache.refillWhenQuiet();
    await vi.advanceTimersByTimeAsync(150);
    expect(reads).toBe(1);
    cache.invalidate();
    expect(cache.peek().filled).toBe(false);
    expect(await cache.get()).toEqual([link('eth0.2')]);
  });
});

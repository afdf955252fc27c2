import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SnapshotLink } from '@underlay/core';
import {
  addressReader,
  HostAddressCache,
  HostLinkCache,
  refillHostLists,
} from '../src/kernel/link-cache';

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

describe('one refill for both host lists', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /** A kernel stand-in counting its reads: links alone, addresses alone, or both from one run. */
  function counting() {
    const reads = { hostLinks: 0, hostAddresses: 0, hostState: 0 };
    const kernel = {
      hostLinks: async () => (reads.hostLinks++, [link('eth0.7')]),
      hostAddresses: async () => (reads.hostAddresses++, []),
      hostState: async () => (
        reads.hostState++,
        { links: [link('eth0.7')], addresses: [{ dev: 'eth0.7', address: '10.7.0.1/24' }] }
      ),
    };
    const links = new HostLinkCache(kernel.hostLinks);
    const addresses = new HostAddressCache(addressReader(kernel, links));
    return { reads, links, addresses };
  }

  it('refills the address list with one host state read, which fills the link list too', async () => {
    const { reads, links, addresses } = counting();
    links.setLive(true);
    addresses.setLive(true);
    refillHostLists(links, addresses);
    await vi.advanceTimersByTimeAsync(150);
    expect(reads).toEqual({ hostLinks: 0, hostAddresses: 0, hostState: 1 });
    expect(await links.get()).toEqual([link('eth0.7')]);
    expect(await addresses.get()).toEqual([{ dev: 'eth0.7', address: '10.7.0.1/24' }]);
    expect(reads.hostState + reads.hostLinks + reads.hostAddresses).toBe(1);
  });

  it('keeps no links read before a link changed, and refills the links alone without a live address list', async () => {
    const { reads, links, addresses } = counting();
    links.setLive(true);
    addresses.setLive(true);
    const read = addresses.get();
    links.invalidate(); // a link event while the state was being read
    await read;
    expect(links.peek().filled).toBe(false);
    addresses.setLive(false);
    refillHostLists(links, addresses);
    await vi.advanceTimersByTimeAsync(150);
    expect(reads.hostLinks).toBe(1);
    expect(links.peek().filled).toBe(true);
  });

  /** Live caches over a kernel whose host state read (eth0.8) answers only when `answer()` is called; links alone read `alone`. */
  function deferredState(alone: SnapshotLink) {
    const reads = { hostLinks: 0, hostState: 0 };
    let answer: () => void = () => undefined;
    const kernel = {
      hostLinks: async () => (reads.hostLinks++, [alone]),
      hostAddresses: async () => [],
      hostState: () => {
        reads.hostState++;
        return new Promise<{ links: SnapshotLink[]; addresses: [] }>(
          (resolve) => (answer = () => resolve({ links: [link('eth0.8')], addresses: [] })),
        );
      },
    };
    const links = new HostLinkCache(kernel.hostLinks);
    const addresses = new HostAddressCache(addressReader(kernel, links));
    links.setLive(true);
    addresses.setLive(true);
    return { reads, links, addresses, answer: () => answer() };
  }

  // Seen in a guest: a `network rm` then at once a `network create`; the create asked for the links while the
  // refill's host state read was running, and read them again behind it (docs/perf.md, ops28).
  it('a links read during the refill joins its host state read instead of reading again', async () => {
    const { reads, links, addresses, answer } = deferredState(link('eth0.7'));
    refillHostLists(links, addresses);
    await vi.advanceTimersByTimeAsync(150);
    expect(reads.hostState).toBe(1);
    const read = links.get(); // the refill has not answered yet
    answer();
    expect(await read).toEqual([link('eth0.8')]);
    expect(reads).toEqual({ hostLinks: 0, hostState: 1 });
  });

  it('a links read after an invalidation does not take the list of a host state read started before it', async () => {
    const { reads, links, addresses, answer } = deferredState(link('eth0.9'));
    const state = addresses.get();
    links.invalidate(); // a link changed while the host state was being read
    const read = links.get();
    answer();
    await state;
    expect(await read).toEqual([link('eth0.9')]);
    expect(links.peek().filled).toBe(true);
    expect(await links.get()).toEqual([link('eth0.9')]);
    expect(reads).toEqual({ hostLinks: 1, hostState: 1 });
  });

  it('a failed host state read leaves the link list empty, for the next get() to read', async () => {
    const reads = { hostLinks: 0 };
    const kernel = {
      hostLinks: async () => (reads.hostLinks++, [link('eth0.7')]),
      hostAddresses: async () => [],
      hostState: async (): Promise<never> => {
        throw new Error('ip: no answer');
      },
    };
    const links = new HostLinkCache(kernel.hostLinks);
    const addresses = new HostAddressCache(addressReader(kernel, links));
    links.setLive(true);
    addresses.setLive(true);
    await expect(addresses.get()).rejects.toThrow('no answer');
    expect(links.peek().filled).toBe(false);
    expect(await links.get()).toEqual([link('eth0.7')]);
    expect(reads.hostLinks).toBe(1);
  });
});

import type { HostSnapshot } from '@underlay/core';
import { HostSnapshotSchema } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { createSnapshotCache } from '../src/server/fleet/snapshot-cache';

// The hub's per-host snapshot cache without an agent: reads driven by promises
// the test settles, so the order of a drop against a running read is exact.
// Through the hub and real sockets: host-views.test.ts.

const snap = (hostname: string): HostSnapshot => HostSnapshotSchema.parse({ hostname });

/** Loads per host whose every call waits until the test settles it. */
function controlledLoads() {
  const pending: {
    host: string;
    resolve: (v: HostSnapshot) => void;
    reject: (e: Error) => void;
  }[] = [];
  const load = (host: string) => () =>
    new Promise<HostSnapshot>((resolve, reject) => pending.push({ host, resolve, reject }));
  return { load, pending };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('snapshot cache', () => {
  it('answers a host from its snapshot until it is dropped, and a drop touches that host only', async () => {
    const cache = createSnapshotCache();
    const { load, pending } = controlledLoads();
    const a = cache.read('a', load('a'));
    const b = cache.read('b', load('b'));
    pending[0]?.resolve(snap('a1'));
    pending[1]?.resolve(snap('b1'));
    expect((await a).hostname).toBe('a1');
    expect((await b).hostname).toBe('b1');
    expect((await cache.read('a', load('a'))).hostname).toBe('a1');
    expect(pending).toHaveLength(2);
    cache.drop('a');
    const again = [cache.read('a', load('a')), cache.read('b', load('b'))];
    expect(pending.map((p) => p.host)).toEqual(['a', 'b', 'a']);
    pending[2]?.resolve(snap('a2'));
    expect((await Promise.all(again)).map((s) => s.hostname)).toEqual(['a2', 'b1']);
  });

  it('shares one read between callers of one generation', async () => {
    const cache = createSnapshotCache();
    const { load, pending } = controlledLoads();
    const reads = [
      cache.read('a', load('a')),
      cache.read('a', load('a')),
      cache.read('a', load('a')),
    ];
    expect(pending).toHaveLength(1);
    pending[0]?.resolve(snap('a1'));
    expect((await Promise.all(reads)).map((s) => s.hostname)).toEqual(['a1', 'a1', 'a1']);
  });

  it('does not keep a read that a drop overtook: callers after the drop get a read started after it', async () => {
    const cache = createSnapshotCache();
    const { load, pending } = controlledLoads();
    const before = cache.read('a', load('a'));
    cache.drop('a'); // the event arrives while the agent is answering
    const after = cache.read('a', load('a'));
    expect(pending).toHaveLength(1); // queued behind the running read, never overlapping it
    pending[0]?.resolve(snap('old'));
    expect((await before).hostname).toBe('old');
    await tick();
    expect(pending).toHaveLength(2);
    pending[1]?.resolve(snap('new'));
    expect((await after).hostname).toBe('new');
    expect((await cache.read('a', load('a'))).hostname).toBe('new');
    expect(pending).toHaveLength(2);
  });

  it('does not cache a failed read, and keeps the last snapshot for drawing the host offline', async () => {
    const cache = createSnapshotCache();
    const { load, pending } = controlledLoads();
    const first = cache.read('a', load('a'));
    pending[0]?.resolve(snap('a1'));
    await first;
    cache.drop('a');
    const failing = cache.read('a', load('a'));
    pending[1]?.reject(new Error('no answer'));
    await expect(failing).rejects.toThrow('no answer');
    expect(cache.last('a')?.hostname).toBe('a1');
    const retry = cache.read('a', load('a'));
    expect(pending).toHaveLength(3);
    pending[2]?.resolve(snap('a2'));
    expect((await retry).hostname).toBe('a2');
  });

  it('reads a valid host again when asked for fresh data, and keeps the answer', async () => {
    const cache = createSnapshotCache();
    const { load, pending } = controlledLoads();
    const first = cache.read('a', load('a'));
    pending[0]?.resolve(snap('a1'));
    await first;
    const fresh = cache.read('a', load('a'), { fresh: true });
    expect(pending).toHaveLength(2);
    pending[1]?.resolve(snap('a2'));
    expect((await fresh).hostname).toBe('a2');
    expect((await cache.read('a', load('a'))).hostname).toBe('a2');
    expect(cache.last('b')).toBeNull();
  });
});

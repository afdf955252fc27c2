import { describe, expect, it } from 'vitest';
import type { BatchOp } from '../src/index.js';
import { type Guest, withGuest } from './lab/guests.js';

// createBatchRunner on a real 6.1 kernel: long-lived `ip -n NS -batch -`
// sessions must behave exactly like one-shot batch() (order, failing index,
// nothing after the failure ran) and must not outlive their namespace.

let g: Guest;
const freshNs = withGuest((guest) => (g = guest));
const dummy = (name: string): BatchOp => ({ op: 'linkAdd', spec: { kind: 'dummy', name } });


type Outcome = { ok: boolean; ran?: number; pid?: number; error?: Record<string, unknown> };

describe('batch runner', () => {
  it('runs several batches through one session; a failing op reports its index and the next batch respawns', async () => {
    const ns = await freshNs('sess');
    const { outcomes, links } = await g.call<{ outcomes: Outcome[]; links: string[] }>('runnerSequence', {
      netns: ns,
      batches: [
        [dummy('d0'), { op: 'linkSetUp', name: 'd0' }],
        [{ op: 'addrAdd', dev: 'd0', address: '10.9.0.1/24' }, dummy('d1')],
        [dummy('d2'), dummy('d0'), dummy('d3')],
        [dummy('d4'), { op: 'linkSetUp', name: 'd4' }],
      ],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, false, true]);
    expect(outcomes[0]?.ran).toBe(2);
    expect(outcomes[0]?.pid).toEqual(expect.any(Number));
    expect(outcomes[1]?.pid).toBe(outcomes[0]?.pid);
    expect(outcomes[2]?.error).toMatchObject({ name: 'NetlinkError', op: 'linkAdd', index: 1, errno: 'EEXIST', netns: ns });
    expect(outcomes[3]?.pid).not.toBe(outcomes[0]?.pid);
    // d2 ran before the failure, d3 after it did not.
    expect(links.sort()).toEqual(['d0', 'd1', 'd2', 'd4', 'lo']);
    const addrs = await g.call<Array<{ dev: string; address: string }>>('addrList', { netns: ns });
    expect(addrs.filter((a) => a.dev === 'd0' && !a.address.includes(':')).map((a) => a.address)).toEqual(['10.9.0.1']);
  });

  it('runs batches started together one at a time, in the order they were started', async () => {
    const ns = await freshNs('sess-order');
    const outcomes = await g.call<Outcome[]>('runnerTogether', {
      netns: ns,
      batches: [[dummy('a0')], [{ op: 'linkRename', name: 'a0', newName: 'a1' }], [{ op: 'linkSetUp', name: 'a1' }]],
    });
    expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
    expect((await g.call<Array<{ name: string; up: boolean }>>('linkList', { netns: ns })).find((l) => l.name === 'a1')).toMatchObject({ up: true });
  });

  it('reports a missing namespace like batch() does', async () => {
    const outcomes = await g.call<Outcome[]>('runnerTogether', { netns: 'nl-nosuch', batches: [[dummy('x0')]] });
    const single = await g.attempt('batch', { netns: 'nl-nosuch', ops: [dummy('x0')] });
    expect(outcomes[0]?.ok).toBe(false);
    expect(single.ok).toBe(false);
    expect(outcomes[0]?.error).toMatchObject({ errno: (single as { error: { errno: string } }).error.errno, op: 'batch' });
  });

  it('forget ends the session so deleting the namespace really removes it', async () => {
    const ns = await freshNs('sess-del');
    const r = await g.call<{ pid: number; aliveBefore: boolean; aliveAfter: boolean; sessions: number }>('runnerForgetAndDelete', { netns: ns, ops: [dummy('z0')] });
    expect(r).toMatchObject({ pid: expect.any(Number), aliveBefore: true, aliveAfter: false, sessions: 0 });
    expect(await g.call<string[]>('netnsList')).not.toContain(ns);
  });

  it('ends idle sessions and keeps at most `max`, dropping the least recently used', async () => {
    const names = [await freshNs('lim-a'), await freshNs('lim-b'), await freshNs('lim-c')];
    const r = await g.call<{ afterRuns: string[]; afterIdle: string[] }>('runnerLimits', {
      namespaces: names, ops: [{ op: 'linkSetUp', name: 'lo' }], idleMs: 700, max: 2,
    });
    expect(r.afterRuns).toEqual([names[1], names[2]]);
    expect(r.afterIdle).toEqual([]);
  });
});

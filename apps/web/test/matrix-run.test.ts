import { synthFleet, type EndpointRef, type PingResult } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { runBounded } from '../src/server/diag/bounded-runner';
import {
  mergeCell,
  observedFromError,
  observedFromPing,
  summarize,
  summaryText,
  type ResultCell,
} from '../src/server/diag/matrix-cells';
import { runMatrix, type MatrixEvent, type PingFn } from '../src/server/diag/matrix-run';

/** A diag.ping answer as the agent declares it; `over` replaces fields. */
const pong = (over: Partial<PingResult> = {}): PingResult => ({
  transmitted: 1,
  received: 1,
  lossPercent: 0,
  rttMs: null,
  target: '10.0.0.2',
  ok: true,
  exitCode: 0,
  output: '',
  ...over,
});
import {
  checkPairCount,
  MAX_PAIRS,
  orderedPairs,
  resolveSelection,
} from '../src/server/diag/matrix-selection';

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of gen) out.push(value);
  return out;
}

describe('runBounded', () => {
  it('never runs more than the overall cap nor the per-key cap, and runs everything once', async () => {
    const items = Array.from({ length: 24 }, (_, i) => ({ i, key: `h${i % 3}` }));
    let running = 0;
    let peak = 0;
    const perKey = new Map<string, number>();
    let peakPerKey = 0;
    const results = await collect(
      runBounded(
        items,
        (x) => x.key,
        async (x) => {
          running++;
          perKey.set(x.key, (perKey.get(x.key) ?? 0) + 1);
          peak = Math.max(peak, running);
          peakPerKey = Math.max(peakPerKey, perKey.get(x.key) ?? 0);
          await delay(1 + (x.i % 4));
          running--;
          perKey.set(x.key, (perKey.get(x.key) ?? 1) - 1);
          return x.i * 10;
        },
        { overall: 4, perKey: 2 },
      ),
    );
    expect(peak).toBe(4);
    expect(peakPerKey).toBe(2);
    expect(results.map((r) => r.result).sort((a, b) => a - b)).toEqual(items.map((x) => x.i * 10));
  });

  it('keeps one busy key from holding the others back', async () => {
    const items = [...Array.from({ length: 6 }, () => 'slow'), 'fast'];
    const order: string[] = [];
    for await (const { item } of runBounded(
      items,
      (k) => k,
      async (k) => delay(k === 'slow' ? 15 : 1),
      { overall: 4, perKey: 1 },
    ))
      order.push(item);
    expect(order[0]).toBe('fast');
    expect(order).toHaveLength(7);
  });

  it('yields results in completion order and stops starting work once aborted', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const seen: number[] = [];
    for await (const { result } of runBounded(
      [30, 5, 60, 60, 60],
      String,
      async (ms) => (started.push(ms), await delay(ms), ms),
      { overall: 2, perKey: 9 },
      controller.signal,
    )) {
      seen.push(result);
      if (seen.length === 2) controller.abort();
    }
    expect(seen).toEqual([5, 30]);
    expect(started.length).toBeLessThan(5);
  });
});

describe('pair selection', () => {
  const fleet = synthFleet({ hosts: 2, vlansPerHost: 3, containersPerNetwork: 1 });

  it('expands a VLAN or a network name across hosts and dedupes explicit lists', () => {
    expect(resolveSelection({ kind: 'vlan', vlanId: 11 }, fleet)).toEqual([
      { hostId: 'host-000', endpointId: 'h0v11c0' },
      { hostId: 'host-001', endpointId: 'h1v11c0' },
    ]);
    expect(
      resolveSelection({ kind: 'network', network: 'vlan12' }, fleet).map((r) => r.endpointId),
    ).toEqual(['h0v12c0', 'h1v12c0']);
    expect(resolveSelection({ kind: 'vlan', vlanId: 99 }, fleet)).toEqual([]);
    const a = { hostId: 'host-000', endpointId: 'x' };
    expect(
      resolveSelection(
        { kind: 'endpoints', endpoints: [a, { ...a }, { hostId: 'host-001', endpointId: 'x' }] },
        fleet,
      ),
    ).toHaveLength(2);
  });

  it('makes every ordered pair i≠j', () => {
    const refs = ['a', 'b', 'c'].map((endpointId) => ({ hostId: 'h', endpointId }));
    const pairs = orderedPairs(refs).map((p) => `${p.from.endpointId}${p.to.endpointId}`);
    expect(pairs).toEqual(['ab', 'ac', 'ba', 'bc', 'ca', 'cb']);
  });

  it('allows up to 400 pairs and says how many endpoints fit otherwise', () => {
    expect(MAX_PAIRS).toBe(400);
    expect(checkPairCount(20)).toBeNull();
    expect(checkPairCount(2)).toBeNull();
    expect(checkPairCount(21)).toBe(
      'selection: 21 endpoints make 420 ordered pairs, over the limit of 400; pick at most 20 endpoints.',
    );
    expect(checkPairCount(1)).toMatch(/^selection: it matches 1 endpoint; pick at least two/);
    expect(checkPairCount(0)).toMatch(/matches 0 endpoints/);
  });
});

describe('cells and summary', () => {
  const prediction = {
    from: { hostId: 'a', endpointId: '1' },
    to: { hostId: 'b', endpointId: '2' },
    reachable: true,
    rule: 'SAME_SEGMENT_SAME_SUBNET' as const,
    explanation: 'same VLAN',
  };

  it('reads the agent answer and marks agreement', () => {
    const ok = observedFromPing(pong({ rttMs: { min: 0.3, avg: 0.4, max: 0.5, mdev: 0.1 } }));
    expect(ok).toEqual({ reachable: true, rttMs: 0.4 });
    expect(mergeCell(prediction, ok)).toMatchObject({
      type: 'cell',
      verdict: 'match',
      predicted: { reachable: true, rule: 'SAME_SEGMENT_SAME_SUBNET' },
    });
    expect(mergeCell(prediction, observedFromPing(pong({ ok: false, received: 0 })))).toMatchObject(
      {
        observed: { reachable: false },
        verdict: 'mismatch',
      },
    );
    expect(
      mergeCell(
        { ...prediction, reachable: false },
        observedFromPing(pong({ ok: false, received: 0 })),
      ),
    ).toMatchObject({ verdict: 'match' });
  });

  it('never lets a ping that could not run confirm an isolation', () => {
    const cell = mergeCell(
      { ...prediction, reachable: false },
      observedFromError(new Error('host b is offline')),
    );
    expect(cell).toMatchObject({
      observed: { reachable: false, error: 'host b is offline' },
      verdict: 'mismatch',
    });
  });

  it('counts pairs, matches and mismatches', () => {
    const cells: ResultCell[] = [
      mergeCell(prediction, { reachable: true }),
      mergeCell(prediction, { reachable: false }),
      mergeCell(prediction, { reachable: false, error: 'x' }),
    ];
    expect(summarize(cells)).toEqual({ pairs: 3, matches: 1, mismatches: 2, errors: 1 });
    expect(summaryText(summarize(cells.slice(0, 1)))).toBe('1 pairs, 1 match, 0 mismatch');
    expect(summaryText(summarize(cells))).toBe('3 pairs, 1 match, 2 mismatch (1 could not run)');
  });
});

describe('runMatrix', () => {
  const fleet = synthFleet({ hosts: 2, vlansPerHost: 3, containersPerNetwork: 1 });
  const endpoints: EndpointRef[] = [
    { hostId: 'host-000', endpointId: 'h0v11c0' },
    { hostId: 'host-001', endpointId: 'h1v11c0' },
    { hostId: 'host-000', endpointId: 'h0v12c0' },
  ];
  // Stand-in for the wire: a ping gets through only inside one VLAN (10.11.x.x
  // from a vlan11 container), as the lab's trunk behaves.
  const sameVlan: PingFn = async (_host, { container, target }) => {
    await delay(1);
    const vid = /^vlan(\d+)-/.exec(container)?.[1];
    return pong({
      ok: target.startsWith(`10.${vid}.`),
      rttMs: { min: 0.3, avg: 0.3, max: 0.3, mdev: 0 },
    });
  };

  it('pings from the source container to the target address and agrees with the rules', async () => {
    const calls: string[] = [];
    const ping: PingFn = (host, request) => (
      calls.push(
        `${host} ${request.container} -> ${request.target} c${request.count} w${request.timeoutMs}`,
      ),
      sameVlan(host, request)
    );
    const events = await collect(
      runMatrix({
        fleet,
        endpoints,
        family: 4,
        count: 2,
        timeoutMs: 500,
        ping,
        limits: { overall: 4, perKey: 2 },
      }),
    );
    expect(events[0]).toEqual({ type: 'progress', done: 0, total: 6 });
    expect(events.at(-1)).toEqual({
      type: 'done',
      summary: { pairs: 6, matches: 6, mismatches: 0, errors: 0 },
    });
    const cells = events.filter((e): e is ResultCell => e.type === 'cell');
    expect(cells).toHaveLength(6);
    expect(calls).toContain('host-000 vlan11-c0 -> 10.11.1.10 c2 w500');
    const cross = cells.find(
      (c) => c.from.endpointId === 'h0v11c0' && c.to.endpointId === 'h0v12c0',
    );
    expect(cross).toMatchObject({
      observed: { reachable: false },
      predicted: { reachable: false, rule: 'DIFFERENT_VLAN' },
      verdict: 'match',
    });
    const span = cells.find(
      (c) => c.from.endpointId === 'h0v11c0' && c.to.endpointId === 'h1v11c0',
    );
    expect(span).toMatchObject({
      observed: { reachable: true, rttMs: 0.3 },
      predicted: { reachable: true },
      verdict: 'match',
    });
    const progress = events
      .filter((e): e is Extract<MatrixEvent, { type: 'progress' }> => e.type === 'progress')
      .map((e) => e.done);
    expect(progress).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('reports a leak across VLANs as a mismatch and an unreachable agent as an error cell', async () => {
    const leaky: PingFn = async (host) => {
      if (host === 'host-001') throw new Error('host-001 is offline');
      return pong();
    };
    const events = await collect(
      runMatrix({
        fleet,
        endpoints,
        family: 4,
        count: 1,
        timeoutMs: 200,
        ping: leaky,
        limits: { overall: 4, perKey: 2 },
      }),
    );
    const cells = events.filter((e): e is ResultCell => e.type === 'cell');
    expect(
      cells
        .filter((c) => c.from.hostId === 'host-001')
        .every((c) => c.observed.error === 'host-001 is offline'),
    ).toBe(true);
    expect(
      cells.find((c) => c.from.endpointId === 'h0v12c0' && c.to.endpointId === 'h0v11c0'),
    ).toMatchObject({ observed: { reachable: true }, verdict: 'mismatch' });
    expect(events.at(-1)).toEqual({
      type: 'done',
      summary: { pairs: 6, matches: 1, mismatches: 5, errors: 2 },
    });
  });

  it('says so when the target has no address of the family instead of pinging', async () => {
    let pinged = 0;
    const events = await collect(
      runMatrix({
        fleet,
        endpoints: endpoints.slice(0, 2),
        family: 6,
        count: 1,
        timeoutMs: 200,
        ping: async () => (pinged++, pong()),
        limits: { overall: 4, perKey: 2 },
      }),
    );
    const cells = events.filter((e): e is ResultCell => e.type === 'cell');
    expect(pinged).toBe(0);
    expect(cells.map((c) => c.observed.error)).toEqual([
      expect.stringMatching(/has no IPv6 address/),
      expect.stringMatching(/has no IPv6 address/),
    ]);
  });
});

import { describe, expect, it, vi, afterEach } from 'vitest';
import { createEventLog } from '../src/server/fleet/event-log';
import type { HubEvent } from '../src/server/fleet/hub';
import { createRouteReconciler, triggersRoutes } from '../src/server/fleet/route-reconciler';

// When the hub redistributes routes: after route-relevant events (network
// created/removed/restored, a host's link state), debounced into one run, one
// run at a time, a host that went away forgotten; never on other events.

const agent = (type: string, hostId = 'h1'): HubEvent =>
  ({ kind: 'agent', hostId, host: hostId, event: { type } }) as unknown as HubEvent;
const state = (status: 'online' | 'reconnecting', hostId = 'h1'): HubEvent => ({
  kind: 'state',
  hostId,
  host: hostId,
  status,
  summary: null,
});

afterEach(() => void vi.useRealTimers());

function setup(reconcile: () => Promise<void> = async () => undefined) {
  vi.useFakeTimers();
  const feed = createEventLog<HubEvent>();
  const forgotten: string[] = [];
  const calls = vi.fn(reconcile);
  const r = createRouteReconciler({
    feed,
    reconcile: calls,
    forget: (id) => void forgotten.push(id),
    debounceMs: 500,
  });
  return { feed, forgotten, calls, r };
}

describe('route reconciler', () => {
  it('reacts to network and host-state events only', () => {
    for (const type of ['network.created', 'network.removed', 'network.restored'])
      expect(triggersRoutes(agent(type))).toBe(true);
    for (const type of [
      'endpoint.connected',
      'container.created',
      'link.up',
      'drift.found',
      'network.degraded',
    ])
      expect(triggersRoutes(agent(type))).toBe(false);
    expect(triggersRoutes(state('online'))).toBe(true);
    expect(triggersRoutes(state('reconnecting'))).toBe(true);
  });

  it('folds a burst into one run after the quiet period, and ignores other events', async () => {
    const { feed, calls, r } = setup();
    feed.push(agent('link.added'));
    feed.push(agent('endpoint.connected'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).not.toHaveBeenCalled();
    feed.push(agent('network.created'));
    await vi.advanceTimersByTimeAsync(300);
    feed.push(agent('network.created', 'h2'));
    await vi.advanceTimersByTimeAsync(300);
    expect(calls).not.toHaveBeenCalled(); // the second event restarted the wait
    await vi.advanceTimersByTimeAsync(200);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(r.runs()).toBe(1);
    r.stop();
  });

  it('runs once more after a run when triggered during it, never two at once', async () => {
    let release: () => void = () => undefined;
    let active = 0;
    let most = 0;
    const { feed, calls, r } = setup(async () => {
      active += 1;
      most = Math.max(most, active);
      await new Promise<void>((done) => (release = done));
      active -= 1;
    });
    feed.push(agent('network.removed'));
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveBeenCalledTimes(1);
    feed.push(agent('network.created'));
    feed.push(state('online', 'h2'));
    await vi.advanceTimersByTimeAsync(500); // due while the first still runs
    expect(calls).toHaveBeenCalledTimes(1);
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveBeenCalledTimes(2);
    release();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveBeenCalledTimes(2);
    expect(most).toBe(1);
    r.stop();
  });

  it('forgets a host that went away (so it gets its set again) and redistributes when it is back', async () => {
    const { feed, forgotten, calls, r } = setup();
    feed.push(state('reconnecting', 'h2'));
    expect(forgotten).toEqual(['h2']);
    await vi.advanceTimersByTimeAsync(500);
    feed.push(state('online', 'h2'));
    await vi.advanceTimersByTimeAsync(500);
    expect(forgotten).toEqual(['h2']);
    expect(calls).toHaveBeenCalledTimes(2);
    r.stop();
  });

  it('runs on schedule() (a host removed from the registry), and not after stop()', async () => {
    const { feed, calls, r } = setup();
    r.schedule();
    await vi.advanceTimersByTimeAsync(500);
    expect(calls).toHaveBeenCalledTimes(1);
    r.stop();
    feed.push(agent('network.created'));
    r.schedule();
    r.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveBeenCalledTimes(1);
  });

  it('keeps going after a failed run, reporting the error', async () => {
    vi.useFakeTimers();
    const feed = createEventLog<HubEvent>();
    const errors: unknown[] = [];
    let n = 0;
    const r = createRouteReconciler({
      feed,
      forget: () => undefined,
      reconcile: async () => {
        n += 1;
        if (n === 1) throw new Error('host-b: ROUTE_CONFLICT');
      },
      onError: (e) => void errors.push(e),
    });
    feed.push(agent('network.created'));
    await vi.advanceTimersByTimeAsync(500);
    feed.push(agent('network.removed'));
    await vi.advanceTimersByTimeAsync(500);
    expect(n).toBe(2);
    expect(errors).toEqual([new Error('host-b: ROUTE_CONFLICT')]);
    r.stop();
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { collectHostViews } from '../src/server/fleet/host-views';
import {
  openAgentLink,
  type AgentLink,
  type AgentLinkOptions,
} from '../src/server/fleet/agent-link';
import { Hub, type HubOptions } from '../src/server/fleet/hub';
import { addHost, getHost } from '../src/server/fleet/registry';
import { startRouteDistribution } from '../src/server/fleet/route-service';
import { startStandIn, type StandIn } from './support/ws-agent';
import { until } from './support/until';

// The refresh path over real sockets and the hub's real client, against
// stand-in agents (which count what they answer): a host is asked for its
// host.snapshot once, then answered from the hub's cache until it sends an
// event, its link changes state or the hub sends it a mutation; refreshes
// asked for together share reads; one host.info read for a burst of link
// events. The cache's ordering alone: snapshot-cache.test.ts. What
// host.snapshot holds is tested against real agents in the lab tier.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const socketPath = (name = 'agent.sock') =>
  join(mkdtempSync(join(tmpdir(), 'underlay-views-')), name);

async function fleet(
  names: string[],
  {
    answerDelayMs = 0,
    openLink = openAgentLink,
  }: { answerDelayMs?: number; openLink?: HubOptions['openLink'] } = {},
) {
  const db = openDb(':memory:');
  const agents = new Map<string, StandIn>();
  const ids = new Map<string, string>();
  for (const name of names) {
    const path = socketPath();
    agents.set(
      name,
      await startStandIn({ path, token: 'tok', answerDelayMs, fleetStoreConfigs: [] }),
    );
    ids.set(name, addHost(db, { name, address: path, token: 'tok' }).id);
  }
  const hub = new Hub({ db, openLink });
  cleanups.push(
    async () => {
      for (const agent of agents.values()) await agent.close();
    },
    () => hub.stop(),
  );
  hub.start();
  // Online, its info read and its event stream started (only then are snapshots cached).
  await until(() =>
    [...ids.values()].every((id) => hub.status(id).info !== null && hub.watching(id)),
  );
  const agentOf = (name: string) => agents.get(name) as StandIn;
  const snapshots = (name: string) => agentOf(name).calls['host.snapshot'] ?? 0;
  const idOf = (name: string) => ids.get(name) as string;
  // An event from the host, once the hub has relayed it to the feed.
  const emit = async (name: string, type = 'link.up') => {
    const seen = hub.feed.since(0).length;
    agentOf(name).emit({ type, link: 'eth0.10' });
    await until(() => hub.feed.since(0).length > seen);
  };
  return { db, hub, agents, agentOf, snapshots, idOf, emit };
}

async function oneHost(answerDelayMs: number) {
  const { db, hub, agentOf } = await fleet(['h1'], { answerDelayMs });
  return { agent: agentOf('h1'), db, hub };
}

describe('topology refresh through the hub', () => {
  it('asks a host once, answers later refreshes from the cache, and shares the read after an event', async () => {
    const { db, hub, agentOf, emit } = await fleet(['h1'], { answerDelayMs: 50 });
    const agent = agentOf('h1');
    const views = await collectHostViews(db, hub);
    expect(agent.calls['host.snapshot']).toBe(1);
    expect(views).toEqual([
      {
        id: 'h1',
        name: 'h1',
        online: true,
        snapshot: expect.objectContaining({
          hostname: 'stand-in',
          links: [expect.objectContaining({ name: 'eth0' })],
        }),
        drift: [],
      },
    ]);
    const cached = await Promise.all(Array.from({ length: 8 }, () => collectHostViews(db, hub)));
    expect(agent.calls['host.snapshot']).toBe(1);
    for (const v of cached) expect(v).toEqual(views);
    await emit('h1');
    const burst = await Promise.all(Array.from({ length: 8 }, () => collectHostViews(db, hub)));
    // Eight refreshes after one event: one read, started after the event, shared by all.
    expect(agent.calls['host.snapshot']).toBe(2);
    for (const v of burst) expect(v).toEqual(views);
  });

  it('reads each host as soon as its event stream starts: a page opened after the hub started asks no agent', async () => {
    const { db, hub, snapshots } = await fleet(['x', 'y', 'z']);
    await until(() => ['x', 'y', 'z'].every((n) => snapshots(n) === 1));
    const views = await collectHostViews(db, hub);
    expect(views.map((v) => [v.name, v.online, v.snapshot.hostname])).toEqual([
      ['x', true, 'stand-in'],
      ['y', true, 'stand-in'],
      ['z', true, 'stand-in'],
    ]);
    expect(['x', 'y', 'z'].map(snapshots)).toEqual([1, 1, 1]);
  });

  it('first answers: settled once every host has answered its first snapshot or failed to connect, or when the wait from start runs out (what the first pages wait for)', async () => {
    const db = openDb(':memory:');
    const path = socketPath();
    const agent = await startStandIn({ path, token: 'tok', answerDelayMs: 200 });
    const live = addHost(db, { name: 'live', address: path, token: 'tok' }).id;
    const gone = addHost(db, { name: 'gone', address: socketPath('none.sock'), token: 'tok' }).id;
    const hub = new Hub({ db });
    cleanups.push(
      () => agent.close(),
      () => hub.stop(),
    );
    const started = Date.now();
    hub.start(10_000);
    await hub.firstAnswers();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(agent.calls['host.snapshot']).toBe(1);
    expect(hub.snapshots.last(live)?.hostname).toBe('stand-in');
    expect(hub.status(gone).status).toBe('reconnecting');
    // Bounded: a host that never answers holds it up no longer than asked.
    const slow = new Hub({ db, openLink: stuckLink });
    cleanups.push(() => slow.stop());
    const waited = Date.now();
    slow.start(300);
    await slow.firstAnswers();
    expect(Date.now() - waited).toBeGreaterThanOrEqual(290);
    // Later pages do not wait: the promise is settled once, at start.
    const again = Date.now();
    await slow.firstAnswers();
    expect(Date.now() - again).toBeLessThan(50);
  });

  it('drops only the snapshot of the host that sent an event: the next refresh asks that host alone', async () => {
    const { db, hub, snapshots, emit } = await fleet(['x', 'y', 'z']);
    await collectHostViews(db, hub);
    expect(['x', 'y', 'z'].map(snapshots)).toEqual([1, 1, 1]);
    await emit('x', 'network.created');
    const views = await collectHostViews(db, hub);
    expect(['x', 'y', 'z'].map(snapshots)).toEqual([2, 1, 1]);
    expect(views.map((v) => [v.id, v.online])).toEqual([
      ['x', true],
      ['y', true],
      ['z', true],
    ]);
  });

  it('has dropped the snapshot by the time the feed relays the event to the pages', async () => {
    const { db, hub, agentOf, snapshots } = await fleet(['x', 'y']);
    await collectHostViews(db, hub);
    // As a page does: refetch on hearing of the event, from inside the feed's listener.
    const refetches: Promise<unknown>[] = [];
    const stop = hub.feed.listen(() => refetches.push(collectHostViews(db, hub)));
    agentOf('x').emit({ type: 'link.added', link: 'eth0.10' });
    await until(() => refetches.length === 1);
    stop();
    await Promise.all(refetches);
    expect([snapshots('x'), snapshots('y')]).toEqual([2, 1]);
  });

  it('drops a snapshot when the host goes away and reads it again when its link is back', async () => {
    const { db, hub, agents, snapshots, idOf } = await fleet(['x', 'y']);
    await collectHostViews(db, hub);
    const x = agents.get('x') as StandIn;
    const path = getHost(db, idOf('x'))?.address as string;
    await x.close();
    await until(() => hub.status(idOf('x')).status !== 'online');
    const away = await collectHostViews(db, hub);
    // Drawn greyed with its last snapshot, without asking.
    expect(away.find((v) => v.id === 'x')).toMatchObject({
      online: false,
      snapshot: { hostname: 'stand-in' },
    });
    expect(snapshots('x')).toBe(1);
    const back = await startStandIn({ path, token: 'tok' });
    agents.set('x', back);
    await until(() => hub.watching(idOf('x')), 8000);
    const views = await collectHostViews(db, hub);
    await collectHostViews(db, hub);
    // Read once on its return, then from the cache again: the event stream was set up anew.
    expect(back.calls['host.snapshot']).toBe(1);
    expect(snapshots('y')).toBe(1);
    expect(views.find((v) => v.id === 'x')?.online).toBe(true);
  });

  it('does not cache a failed snapshot: the host shows offline and the next refresh asks again', async () => {
    const { db, hub, agentOf, snapshots, emit } = await fleet(['x']);
    await collectHostViews(db, hub);
    agentOf('x').failSnapshots(true);
    await emit('x');
    const failed = await collectHostViews(db, hub);
    expect(failed[0]).toMatchObject({ online: false, snapshot: { hostname: 'stand-in' } });
    await collectHostViews(db, hub);
    expect(snapshots('x')).toBe(3);
    agentOf('x').failSnapshots(false);
    const views = await collectHostViews(db, hub);
    await collectHostViews(db, hub);
    expect(snapshots('x')).toBe(4);
    expect(views[0]?.online).toBe(true);
  });

  it('drops a snapshot after a mutation sent through the hub (not every change publishes an event)', async () => {
    const { db, hub, snapshots, idOf } = await fleet(['x', 'y']);
    await collectHostViews(db, hub);
    await hub.mutate(idOf('x'), 'fleetStore.configure', { kind: 'none' });
    await collectHostViews(db, hub);
    expect([snapshots('x'), snapshots('y')]).toEqual([2, 1]);
  });

  it('reads a host on every refresh once its event stream failed (its changes no longer reach the hub)', async () => {
    const streams: { onError: (error: unknown) => void }[] = [];
    // The hub's real link, its subscription's handlers kept so the test can fail the stream.
    const openLink = (options: AgentLinkOptions): AgentLink => {
      const link = openAgentLink(options);
      return {
        ...link,
        subscribe(path, input, handlers) {
          streams.push(handlers);
          return link.subscribe(path, input, handlers);
        },
      };
    };
    const { db, hub, snapshots, idOf } = await fleet(['x'], { openLink });
    await collectHostViews(db, hub);
    await collectHostViews(db, hub);
    expect(snapshots('x')).toBe(1);
    streams[0]?.onError(new Error('stream failed'));
    expect(hub.watching(idOf('x'))).toBe(false);
    await collectHostViews(db, hub);
    await collectHostViews(db, hub);
    expect(snapshots('x')).toBe(3);
  });

  it('reads every online host again when asked for fresh data (the matrix)', async () => {
    const { db, hub, snapshots } = await fleet(['x', 'y']);
    await collectHostViews(db, hub);
    await collectHostViews(db, hub, { fresh: true });
    expect([snapshots('x'), snapshots('y')]).toEqual([2, 2]);
    await collectHostViews(db, hub);
    expect([snapshots('x'), snapshots('y')]).toEqual([2, 2]);
  });

  it('reads host.info once or twice for a burst of link and network events, not once per event', async () => {
    const { agent } = await oneHost(50);
    const before = agent.calls['host.info'] ?? 0;
    for (const type of [
      'link.added',
      'link.up',
      'network.created',
      'link.added',
      'link.up',
      'network.created',
    ])
      agent.emit({ type, link: 'eth0.10' });
    await until(() => (agent.calls['host.info'] ?? 0) > before);
    await new Promise((r) => setTimeout(r, 300));
    const reads = (agent.calls['host.info'] ?? 0) - before;
    expect(reads).toBeGreaterThanOrEqual(1);
    expect(reads).toBeLessThanOrEqual(2);
  });

  it('redistributes routes after a network event (one fleet read), not after other events or a topology read', async () => {
    const { agent, db, hub } = await oneHost(0);
    const routes = startRouteDistribution(db, hub, { debounceMs: 100 });
    cleanups.push(async () => routes.stop());
    routes.schedule(); // as the API does when the registry changes
    await until(() => routes.runs() === 1);
    await routes.idle();
    const reads = () => agent.calls['host.snapshot'] ?? 0;
    const before = reads();
    await collectHostViews(db, hub);
    agent.emit({ type: 'link.up', link: 'eth0.10' });
    await new Promise((r) => setTimeout(r, 400));
    expect(routes.runs()).toBe(1);
    expect(reads()).toBe(before + 1); // the topology read only
    for (let i = 0; i < 3; i++) agent.emit({ type: 'network.created', link: 'eth0.10' });
    await until(() => routes.runs() === 2);
    await routes.idle();
    expect(reads()).toBe(before + 2);
    // The stand-in has no routes.set: the push fails for it, reported, not thrown.
    expect(routes.last()?.problems).toEqual([expect.stringMatching(/^h1: /)]);
  });
});

// A link that stays "connecting" for ever (an address that never answers).
function stuckLink(): AgentLink {
  return {
    state: () => ({ status: 'connecting', nextRetryAt: null, lastError: null }),
    query: () => new Promise(() => {}),
    mutate: () => new Promise(() => {}),
    subscribe: () => () => {},
    close: async () => {},
  };
}

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { collectHostViews } from '../src/server/fleet/host-views';
import { Hub } from '../src/server/fleet/hub';
import { addHost } from '../src/server/fleet/registry';
import { startRouteDistribution } from '../src/server/fleet/route-service';
import { startStandIn } from './support/ws-agent';
import { until } from './support/until';

// The refresh path over real sockets and the hub's real client, against the
// stand-in agent (which counts what it answers): one host.snapshot per host
// and refresh, shared between refreshes asked for together, and one host.info
// read for a burst of link events. What host.snapshot holds is tested against
// real agents in the lab tier.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function oneHost(answerDelayMs: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'underlay-views-')), 'agent.sock');
  const agent = await startStandIn({ path, token: 'tok', answerDelayMs });
  const db = openDb(':memory:');
  const record = addHost(db, { name: 'h1', address: path, token: 'tok' });
  const hub = new Hub({ db });
  cleanups.push(
    () => agent.close(),
    () => hub.stop(),
  );
  hub.start();
  await until(() => hub.status(record.id).info !== null);
  return { agent, db, hub };
}

describe('topology refresh through the hub', () => {
  it('is one host.snapshot per host, and refreshes asked for together share reads', async () => {
    const { agent, db, hub } = await oneHost(50);
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
    const burst = await Promise.all(Array.from({ length: 8 }, () => collectHostViews(db, hub)));
    // One read was running when the other seven asked: they share the one queued after it.
    expect(agent.calls['host.snapshot']).toBe(3);
    for (const v of burst) expect(v).toEqual(views);
  });

  it('reads host.info once or twice for a burst of link and network events, not once per event', async () => {
    const { agent } = await oneHost(50);
    await new Promise((r) => setTimeout(r, 200)); // the subscription is set up after open
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

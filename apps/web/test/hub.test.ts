import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { Hub, type HubEvent } from '../src/server/fleet/hub';
import { addHost } from '../src/server/fleet/registry';
import { testConnection } from '../src/server/fleet/test-connection';
import { startStandIn, type StandIn } from './support/ws-agent';
import { until } from './support/until';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function socketPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'underlay-hub-')), 'agent.sock');
}

describe('hub links to agents', () => {
  it('tests a connection: ok with the token, a clear error without it or without a socket', async () => {
    const path = socketPath();
    const agent = await startStandIn({ path, token: 'good' });
    cleanups.push(() => agent.close());
    const ok = await testConnection({ address: path, token: 'good' });
    expect(ok).toMatchObject({ ok: true, info: { hostname: 'stand-in', kernel: '6.1.0' } });
    expect(await testConnection({ address: path, token: 'bad' }, { timeoutMs: 3000 })).toEqual({
      ok: false,
      error: 'the agent refused the token',
    });
    expect(await testConnection({ address: `${path}.missing`, token: 'good' })).toEqual({
      ok: false,
      error: 'the socket does not exist (is the agent running?)',
    });
  });

  it('goes online, relays events, reports reconnecting with the next try, and comes back', async () => {
    const path = socketPath();
    let agent: StandIn = await startStandIn({ path, token: 'tok' });
    const db = openDb(':memory:');
    const record = addHost(db, { name: 'h1', address: path, token: 'tok' });
    const hub = new Hub({ db });
    cleanups.push(() => hub.stop());
    const seen: HubEvent[] = [];
    hub.feed.listen((e) => seen.push(e.event));
    hub.start();

    await until(
      () => hub.status(record.id).status === 'online' && hub.status(record.id).info !== null,
    );
    expect(hub.status(record.id)).toMatchObject({
      status: 'online',
      summary: null,
      info: { hostname: 'stand-in' },
    });
    expect(await hub.query(record.id, 'host.info')).toMatchObject({ kernel: '6.1.0' });

    await until(() => seen.some((e) => e.kind === 'state' && e.status === 'online'));
    await new Promise((r) => setTimeout(r, 100)); // the subscription is set up after open
    agent.emit({ type: 'link.up', link: 'eth0.10' });
    await until(() => seen.some((e) => e.kind === 'agent'));
    expect(seen.find((e) => e.kind === 'agent')).toEqual({
      kind: 'agent',
      hostId: record.id,
      host: 'h1',
      event: { type: 'link.up', link: 'eth0.10' },
    });

    await agent.close();
    await until(
      () =>
        hub.status(record.id).status === 'reconnecting' &&
        hub.status(record.id).nextRetryAt !== null,
    );
    expect(hub.status(record.id).summary).toMatch(/^reconnecting, next try in \d+ s/);
    await expect(hub.query(record.id, 'host.info')).rejects.toThrow(/reconnecting, next try in/);

    agent = await startStandIn({ path, token: 'tok' });
    cleanups.push(() => agent.close());
    await until(() => hub.status(record.id).status === 'online', 15_000);
    expect(await hub.query(record.id, 'host.info')).toMatchObject({ hostname: 'stand-in' });
  }, 30_000);
});

// The hub's fleet store: per-host bearer tokens (minted at link, stored
// hashed, replaced by the next mint, gone with the host), the endpoint on the
// hub's unix socket, and the hub pointing each agent at it when the link
// comes online (or logging once for an agent without the procedure).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../src/server/db';
import { Hub } from '../src/server/fleet/hub';
import { openHubStore } from '../src/server/fleet/hub-store';
import { addHost, removeHost } from '../src/server/fleet/registry';
import { mintStoreToken } from '../src/server/fleet/store-tokens';
import { startStandIn } from './support/ws-agent';
import { until } from './support/until';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-hub-store-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const txn = (key: string) => ({
  compare: [{ key, modRevision: 0 }],
  success: [{ kind: 'put', key, value: 'v' }],
});

const call = (handler: (req: Request) => Promise<Response>, token: string, body: unknown) =>
  handler(
    new Request('http://hub/api/fleet-store/v1/txn', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    }),
  );

describe('hub fleet store tokens', () => {
  it('a minted token works, is stored only hashed, is replaced by the next mint, and dies with its host', async () => {
    const dir = tempDir();
    const db = openDb(dir);
    const hubStore = openHubStore(db, dir);
    cleanups.push(() => hubStore.close());
    const host = addHost(db, { name: 'h1', address: '/x.sock', token: 'agent-token' });
    const first = mintStoreToken(db, host.id);
    expect(first.length).toBeGreaterThanOrEqual(43);
    expect((await call(hubStore.handler, first, txn('/k/1'))).status).toBe(200);
    const stored = db.prepare('SELECT hash FROM hub_store_tokens').all() as { hash: string }[];
    expect(stored).toHaveLength(1);
    expect(stored[0]!.hash).not.toContain(first);

    const second = mintStoreToken(db, host.id);
    expect((await call(hubStore.handler, first, txn('/k/2'))).status).toBe(401);
    expect((await call(hubStore.handler, second, txn('/k/2'))).status).toBe(200);

    removeHost(db, host.id);
    const refused = await call(hubStore.handler, second, txn('/k/3'));
    expect(refused.status).toBe(401);
    expect(await hubStore.store.get('/k/3')).toBeNull();
    expect((await hubStore.store.list('/k/')).kvs.map((kv) => kv.key)).toEqual(['/k/1', '/k/2']);
    expect(statSync(join(dir, 'fleet-store.sqlite')).isFile()).toBe(true);
  });

  it('serves the endpoint on a unix socket (mode 0600) with the same tokens', async () => {
    const dir = tempDir();
    const db = openDb(dir);
    const hubStore = openHubStore(db, dir);
    cleanups.push(() => hubStore.close());
    const socket = join(dir, 'hub.sock');
    await hubStore.listenOnSocket(socket);
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    const host = addHost(db, { name: 'h1', address: '/x.sock', token: 'agent-token' });
    const token = mintStoreToken(db, host.id);
    const post = (bearer: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = request(
          {
            socketPath: socket,
            path: '/api/fleet-store/v1/txn',
            method: 'POST',
            headers: { authorization: `Bearer ${bearer}` },
          },
          (res) => {
            let body = '';
            res.on('data', (chunk: Buffer) => (body += chunk.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify(txn('/s/1')));
      });
    expect((await post('wrong-token-0123456789')).status).toBe(401);
    const ok = await post(token);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ succeeded: true });
  });
});

describe('hub points agents at its store', () => {
  it('calls fleetStore.configure with the URL and a token the endpoint accepts', async () => {
    const dir = tempDir();
    const db = openDb(':memory:');
    const hubStore = openHubStore(db, ':memory:');
    cleanups.push(() => hubStore.close());
    const configs: unknown[] = [];
    const path = join(dir, 'agent.sock');
    const agent = await startStandIn({ path, token: 'tok', fleetStoreConfigs: configs });
    cleanups.push(() => agent.close());
    const record = addHost(db, { name: 'h1', address: path, token: 'tok' });
    const lines: string[] = [];
    const url = 'http://192.0.2.1:7480';
    const hub = new Hub({
      db,
      fleetStore: { url, mint: (id) => mintStoreToken(db, id), log: (l) => lines.push(l) },
    });
    cleanups.push(() => hub.stop());
    hub.start();
    await until(() => configs.length === 1);
    const config = configs[0] as { kind: string; url: string; token: string };
    expect(config).toMatchObject({ kind: 'hub', url });
    expect((await call(hubStore.handler, config.token, txn('/a/1'))).status).toBe(200);
    expect(hub.status(record.id).status).toBe('online');
    expect(lines).toEqual([]);
  });

  it('leaves an agent without the procedure alone: logged once, the link stays online', async () => {
    const dir = tempDir();
    const db = openDb(':memory:');
    const path = join(dir, 'agent.sock');
    let agent = await startStandIn({ path, token: 'tok' });
    const record = addHost(db, { name: 'old-agent', address: path, token: 'tok' });
    const lines: string[] = [];
    const hub = new Hub({
      db,
      fleetStore: {
        url: 'http://192.0.2.1:7480',
        mint: (id) => mintStoreToken(db, id),
        log: (l) => lines.push(l),
      },
    });
    cleanups.push(() => hub.stop());
    hub.start();
    await until(() => lines.length === 1);
    expect(lines[0]).toContain("old-agent's agent has no fleetStore.configure");
    expect(hub.status(record.id).status).toBe('online');
    expect(await hub.query(record.id, 'host.info')).toMatchObject({ hostname: 'stand-in' });
    // The agent restarts: the link comes back, and the log does not repeat.
    await agent.close();
    agent = await startStandIn({ path, token: 'tok' });
    cleanups.push(() => agent.close());
    await until(() => hub.status(record.id).status !== 'online');
    await until(() => hub.status(record.id).status === 'online', 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(lines).toHaveLength(1);
  });
});

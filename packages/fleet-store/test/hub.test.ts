// The hub's store: the real handler served by a real node:http server on
// 127.0.0.1 over a real SQLite file, reached through the HTTP client. The
// same contract and segment-client checks as memory, SQLite and etcd, plus
// what only the hub has: bearer tokens, body checks, and an unreachable hub.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import {
  type AddressInfo,
  connect,
  createServer as createNetServer,
  type Server as NetServer,
  type Socket,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHubStore,
  createHubStoreHandler,
  type FleetStore,
  FleetStoreError,
  serveFetchHandler,
  SqliteFleetStore,
} from '../src';
import { clientSuite } from './client-suite';
import { storeContract } from './contract';

const dir = mkdtempSync(join(tmpdir(), 'fleet-hub-'));
// One server; each subject gets its own SQLite file behind its own token.
const handlers = new Map<string, (req: Request) => Promise<Response>>();
let server: Server;
let url = '';
let subjects = 0;

beforeAll(async () => {
  server = serveFetchHandler(async (req) => {
    const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1] ?? '';
    const handler = handlers.get(token) ?? handlers.values().next().value!;
    return handler(req);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A fresh SQLite store behind the server, and a client holding its token. */
function hubSubject(now: () => number = Date.now) {
  const token = `token-of-subject-${subjects}-0123456789`;
  const sqlite = new SqliteFleetStore(join(dir, `${subjects++}.db`), now);
  handlers.set(
    token,
    createHubStoreHandler({ store: sqlite, authenticate: (t) => (t === token ? 'host' : null) }),
  );
  return { sqlite, token, client: createHubStore({ url, token }) };
}

storeContract('hub', () => {
  let now = 1_000_000;
  const { client } = hubSubject(() => now);
  return {
    store: client,
    expire: async () => {
      now += 1_001;
    },
  };
});

clientSuite('hub', () => hubSubject().client);

describe('hub endpoint', () => {
  const post = (path: string, body: unknown, token: string) =>
    fetch(`${url}/api/fleet-store/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('refuses a wrong or missing token with 401 and changes nothing', async () => {
    const { sqlite, token } = hubSubject();
    const txn = {
      compare: [{ key: '/a', modRevision: 0 }],
      success: [{ kind: 'put', key: '/a', value: 'x' }],
    };
    const wrong = await post('txn', txn, `${token}-wrong`);
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const none = await fetch(`${url}/api/fleet-store/v1/txn`, {
      method: 'POST',
      body: JSON.stringify(txn),
    });
    expect(none.status).toBe(401);
    expect(await sqlite.get('/a')).toBeNull();
    expect((await post('txn', txn, token)).status).toBe(200);
    expect(await sqlite.get('/a')).toMatchObject({ value: 'x' });
  });

  it.each([
    ['txn', { compare: [], success: [] }, 'compare: needs at least one compare'],
    ['txn', { compare: [{ key: '/a', modRevision: -1 }], success: [] }, 'compare.0.modRevision'],
    [
      'txn',
      { compare: [{ key: '/a', modRevision: 0 }], success: [{ kind: 'move', key: '/a' }] },
      'success.0.kind',
    ],
    [
      'txn',
      { compare: [{ key: '/a', modRevision: 0 }], success: [{ kind: 'put', key: '', value: 'v' }] },
      'success.0.key: must be a non-empty key',
    ],
    ['get', { key: 7 }, 'key'],
    ['get', { key: '/a', extra: 1 }, 'extra'],
    ['list', {}, 'prefix'],
    ['lease/grant', { ttlSeconds: 0.5 }, 'ttlSeconds: must be whole seconds'],
    ['lease/grant', { ttlSeconds: 99_999_999 }, 'ttlSeconds: must be at most 30 days'],
    ['lease/keepalive', { lease: '' }, 'lease: must be the lease id'],
    ['txn', '{not json', 'body: must be JSON'],
  ])('%s with %j → 400 naming the field, and nothing changed', async (path, body, message) => {
    const { sqlite, token } = hubSubject();
    const before = await sqlite.list('/');
    const response = await post(path, body, token);
    expect(response.status).toBe(400);
    const answer = (await response.json()) as { error: { code: string; message: string } };
    expect(answer.error.code).toBe('BAD_REQUEST');
    expect(answer.error.message).toContain(message);
    expect(await sqlite.list('/')).toEqual(before);
  });

  it('answers an unknown operation with 404 listing the operations', async () => {
    const { token } = hubSubject();
    const response = await post('compact', {}, token);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      'lease/keepalive',
    );
  });

  it('keeps the LEASE_NOT_FOUND code through the client', async () => {
    const { client } = hubSubject();
    const error = await client
      .txn({
        compare: [{ key: '/z', modRevision: 0 }],
        success: [{ kind: 'put', key: '/z', value: 'v', lease: '999' }],
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FleetStoreError);
    expect(error).toMatchObject({ code: 'LEASE_NOT_FOUND', where: `hub at ${url}` });
  });
});

describe('hub client when the hub is away', () => {
  const expectUnreachable = async (store: FleetStore, where: string, detail: string) => {
    const error = (await store.list('/x/').catch((caught: unknown) => caught)) as FleetStoreError;
    expect(error).toBeInstanceOf(FleetStoreError);
    expect(error.code).toBe('UNREACHABLE');
    expect(error.where).toBe(where);
    expect(error.message).toMatch(new RegExp(`^${where} unreachable since \\d{4}-\\d\\d-\\d\\dT`));
    expect(error.message).toContain(detail);
    return error;
  };

  it('names the hub and since when, and keeps the first failure as "since"', async () => {
    // A port that was just free: nothing listens there.
    const probe = serveFetchHandler(async () => new Response());
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const closed = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
    await new Promise((resolve) => probe.close(resolve));
    let now = Date.parse('2026-12-03T10:00:00Z');
    const store = createHubStore({ url: closed, token: 'x'.repeat(16), now: () => now });
    await expectUnreachable(store, `hub at ${closed}`, 'ECONNREFUSED');
    now += 60_000;
    const second = await expectUnreachable(store, `hub at ${closed}`, 'ECONNREFUSED');
    expect(second.message).toContain('since 2026-12-03T10:00:00.000Z');
  });

  it('gives up on a hub that does not answer within the deadline', async () => {
    const silent = serveFetchHandler(() => new Promise<Response>(() => {}));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const where = `hub at http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const store = createHubStore({ url: where.slice(7), token: 'x'.repeat(16), timeoutMs: 300 });
    const started = Date.now();
    await expectUnreachable(store, where, 'no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('sends a call again once when the hub closed the connection before reading it, not twice', async () => {
    const { client: _direct, token } = hubSubject();
    const upstream = Number(new URL(url).port);
    // A front that drops the first `drops` connections after reading the request, then forwards.
    const sockets: Socket[] = [];
    const front = (drops: number) => {
      let seen = 0;
      return createNetServer((socket) => {
        sockets.push(socket);
        if (seen++ < drops) {
          socket.once('data', () => socket.destroy());
          return;
        }
        const back = connect(upstream, '127.0.0.1');
        sockets.push(back);
        socket.pipe(back).pipe(socket);
        back.on('error', () => socket.destroy());
        socket.on('error', () => back.destroy());
      });
    };
    const listen = async (server: NetServer) => {
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const once = front(1);
    const store = createHubStore({ url: await listen(once), token });
    expect(
      await store.txn({
        compare: [{ key: '/retry/a', modRevision: 0 }],
        success: [{ kind: 'put', key: '/retry/a', value: 'v' }],
      }),
    ).toMatchObject({ succeeded: true });
    const twice = front(2);
    const where = `hub at ${await listen(twice)}`;
    await expectUnreachable(
      createHubStore({ url: where.slice(7), token }),
      where,
      'UND_ERR_SOCKET',
    );
    for (const socket of sockets) socket.destroy();
    for (const server of [once, twice]) await new Promise((resolve) => server.close(resolve));
  });

  it('treats a refused token as unreachable, naming the refusal', async () => {
    const { client: _unused, token } = hubSubject();
    const store = createHubStore({ url, token: `${token}-revoked` });
    await expectUnreachable(store, `hub at ${url}`, 'answered 401');
  });
});

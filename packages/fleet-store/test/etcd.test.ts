// Against a real etcd 3.4 (Debian's etcd-server) started by the test on
// 127.0.0.1 with free ports and a temporary data directory.
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DomainError } from '@underlay/core';
import { EtcdFleetStore, FleetStoreError, HostLease, SegmentClient } from '../src';
import { type EtcdServer, startEtcd } from '../src/etcd-server';
import { clientSuite } from './client-suite';
import { storeContract } from './contract';

let server: EtcdServer;
const stores: EtcdFleetStore[] = [];
let namespace = 0;

beforeAll(async () => {
  server = await startEtcd();
});

afterAll(async () => {
  await Promise.all(stores.map((store) => store.close()));
  await server?.stop();
});

// Each test gets its own key space: the contract's keys are prefixed by a
// per-test directory through a small wrapper, since they share one etcd.
storeContract('etcd', () => {
  const store = new EtcdFleetStore({ endpoint: server.endpoint });
  stores.push(store);
  const prefix = `/t${namespace++}`;
  const wrapped = prefixed(store, prefix);
  return {
    store: wrapped,
    // etcd's shortest TTL is about 2 s whatever is asked: wait for the key to go.
    expire: async () => {
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await store.get(`${prefix}/e/a`)) !== null)
        await new Promise((resolve) => setTimeout(resolve, 250));
    },
  };
});

it('names the etcd it cannot reach, fast', async () => {
  const store = new EtcdFleetStore({ endpoint: 'http://127.0.0.1:9', timeoutMs: 500 });
  const started = Date.now();
  const error = await store.list('/x/').catch((caught: unknown) => caught);
  await store.close();
  expect(error).toBeInstanceOf(FleetStoreError);
  expect((error as FleetStoreError).code).toBe('UNREACHABLE');
  expect((error as FleetStoreError).message).toContain('etcd at http://127.0.0.1:9');
  expect(Date.now() - started).toBeLessThan(5_000);
});

function prefixed(store: EtcdFleetStore, prefix: string): EtcdFleetStore {
  return new Proxy(store, {
    get(target, property, receiver) {
      const add = (key: string) => prefix + key;
      const strip = <T extends { key: string }>(kv: T): T => ({
        ...kv,
        key: kv.key.slice(prefix.length),
      });
      if (property === 'get')
        return async (key: string) => {
          const kv = await target.get(add(key));
          return kv && strip(kv);
        };
      if (property === 'list')
        return async (p: string) => {
          const snapshot = await target.list(add(p));
          return { ...snapshot, kvs: snapshot.kvs.map(strip) };
        };
      if (property === 'txn')
        return (txn: Parameters<EtcdFleetStore['txn']>[0]) =>
          target.txn({
            compare: txn.compare.map((c) => ({ ...c, key: add(c.key) })),
            success: txn.success.map((op) => ({ ...op, key: add(op.key) })),
          });
      return Reflect.get(target, property, receiver);
    },
  });
}

clientSuite('etcd', () => {
  const store = new EtcdFleetStore({ endpoint: server.endpoint });
  stores.push(store);
  return store;
});

// The partition test below relies on this: a claim sent once pause() has
// returned must get no answer until resume().
it('pause() returns only once etcd is frozen: none of its threads can run', async () => {
  for (let cycle = 0; cycle < 100; cycle++) {
    try {
      await server.pause();
      expect(await runnableThreads(server.pid)).toEqual([]);
    } finally {
      server.resume();
    }
  }
});

/** The threads of a process not in a stopped state, as `tid: State` lines read from /proc. */
async function runnableThreads(pid: number): Promise<string[]> {
  const tids = await readdir(`/proc/${pid}/task`);
  const states = await Promise.all(
    tids.map(async (tid) => {
      const status = await readFile(`/proc/${pid}/task/${tid}/status`, 'utf8');
      return `${tid}: ${/^State:\s*(.*)$/m.exec(status)?.[1]}`;
    }),
  );
  return states.filter((line) => !/: [Tt] /.test(line));
}

it('etcd frozen in the middle of a burst on two hosts: allocations inside held blocks go on, the others fail naming etcd, and after it returns no address is given twice', async () => {
  const store = new EtcdFleetStore({ endpoint: server.endpoint, timeoutMs: 1_000 });
  stores.push(store);
  const open = async (host: string) => {
    const client = new SegmentClient({
      store,
      lease: new HostLease(store, 600),
      host,
      segment: 'partition',
      subnet: '10.77.0.0/24',
    });
    await client.open();
    await client.allocate();
    return client;
  };
  const clients = [await open('host-a'), await open('host-b')];
  const before = clients.map((c) => c.blocks.length);
  const burst = () =>
    Promise.allSettled(clients.flatMap((c) => Array.from({ length: 18 }, () => c.allocate())));
  let during: PromiseSettledResult<bigint>[];
  try {
    await server.pause();
    during = await burst();
  } finally {
    server.resume();
  }
  const granted = during.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const refused = during.flatMap((r) => (r.status === 'rejected' ? [r.reason as DomainError] : []));
  // Each host held one /28 with one address used: at most 15 more inside it.
  expect(granted.length).toBeGreaterThanOrEqual(2 * 14);
  expect(refused.length).toBe(36 - granted.length);
  for (const error of refused) {
    expect(error.issues[0]!.code).toBe('FLEET_STORE_UNREACHABLE');
    expect(error.issues[0]!.message).toContain(`etcd at ${server.endpoint}`);
  }
  expect(clients.map((c) => c.blocks.length)).toEqual(before);
  const after = await burst();
  const all = [...granted, ...after.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))];
  expect(after.every((r) => r.status === 'fulfilled')).toBe(true);
  expect(new Set(all).size).toBe(all.length);
}, 90_000);

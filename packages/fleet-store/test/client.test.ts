import { DomainError, formatAddress } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import {
  type FleetStore,
  FleetStoreError,
  HostLease,
  MemoryFleetStore,
  SegmentClient,
  SqliteFleetStore,
} from '../src';
import { clientSuite } from './client-suite';

clientSuite('memory', () => new MemoryFleetStore());
clientSuite('sqlite', () => new SqliteFleetStore(':memory:'));

/** A store that can be cut off: every call fails as a transport failure would. */
function cuttable(inner: FleetStore): FleetStore & { down: boolean } {
  const wrapper = {
    down: false,
    kind: inner.kind,
    where: 'etcd at http://192.0.2.1:2379',
  } as FleetStore & { down: boolean };
  for (const method of [
    'get',
    'list',
    'txn',
    'grantLease',
    'keepAlive',
    'revokeLease',
    'close',
  ] as const) {
    (wrapper as unknown as Record<string, unknown>)[method] = (...args: unknown[]) =>
      wrapper.down
        ? Promise.reject(new FleetStoreError('UNREACHABLE', wrapper.where, 'connect ECONNREFUSED'))
        : (inner[method] as (...a: unknown[]) => Promise<unknown>).apply(inner, args);
  }
  return wrapper;
}

describe('failure rules', () => {
  it('cut off from the store: allocates inside held blocks, then refuses a claim naming the store and since when, changing nothing', async () => {
    let now = Date.parse('2026-12-03T10:00:00Z');
    const store = cuttable(new MemoryFleetStore(() => now));
    const client = new SegmentClient({
      store,
      lease: new HostLease(store, 3600, () => now),
      host: 'host-a',
      segment: 's',
      subnet: '10.9.0.0/24',
      clock: () => now,
    });
    await client.open();
    await client.allocate();
    store.down = true;
    now += 5_000;
    const block = client.blocks[0]!;
    const room = 16 - block.reserved.size - block.used.size;
    for (let i = 0; i < room; i++) await client.allocate();
    const refused = await client.allocate().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    const problem = (refused as DomainError).issues[0]!;
    expect(problem.code).toBe('FLEET_STORE_UNREACHABLE');
    expect(problem.message).toContain('etcd at http://192.0.2.1:2379');
    expect(problem.message).toContain('since 2026-12-03T10:00:05.000Z');
    expect(problem.hint).toContain('1 block(s) this host holds');
    expect(client.blocks).toHaveLength(1);
    store.down = false;
    await client.allocate();
    expect(client.blocks).toHaveLength(2);
  });

  it('a host whose lease expired claims its blocks again before allocating; one taken meanwhile is reported lost and never used', async () => {
    let now = 0;
    const store = new MemoryFleetStore(() => now);
    const lease = () => new HostLease(store, 10, () => now);
    const open = async (host: string) => {
      const client = new SegmentClient({
        store,
        lease: lease(),
        host,
        segment: 's',
        subnet: '10.9.0.0/28',
        blockPrefix: 29,
        clock: () => now,
      });
      await client.open();
      return client;
    };
    const a = await open('host-a');
    const first = await a.allocate();
    now += 10_000; // a's lease expires; its block record is deleted by the store
    const b = await open('host-b');
    // The documented TTL trade-off: once a's lease expired its block is free, so b can take a's address.
    await b.take(first);
    expect(b.blocks.map((x) => x.text)).toEqual([a.blocks[0]!.text]);
    const lost = await a.refresh();
    expect(lost).toEqual([`${a.blocks[0]!.text} (now held by host-b)`]);
    expect(a.blocks[0]!.status).toBe('lost');
    const next = await a.allocate();
    const held = a.blocks.filter((x) => x.status === 'held').map((x) => x.text);
    expect(held).toHaveLength(1);
    expect(held).not.toContain(b.blocks[0]!.text);
    expect(formatAddress({ family: 4, value: next })).not.toBe(
      formatAddress({ family: 4, value: first }),
    );
  });
});

describe('blocks another host took', () => {
  it('an empty block another host holds now is forgotten without an alert; one with addresses in use is reported lost', async () => {
    let now = 0;
    const store = new MemoryFleetStore(() => now);
    const open = async (host: string) => {
      const client = new SegmentClient({
        store,
        lease: new HostLease(store, 10, () => now),
        host,
        segment: 's',
        subnet: '10.9.0.0/27',
        clock: () => now,
      });
      await client.open();
      return client;
    };
    const a = await open('host-a');
    const kept = 0x0a090005n; // 10.9.0.5, in 10.9.0.0/28: stays in use
    const given = 0x0a090015n; // 10.9.0.21, in 10.9.0.16/28: given back, its block empty
    await a.take(kept);
    await a.take(given);
    a.release(given);
    now += 10_000; // a's lease expires: the store drops both block records
    const b = await open('host-b');
    await b.take(kept);
    await b.take(given);
    expect(await a.refresh()).toEqual(['10.9.0.0/28 (now held by host-b)']);
    expect(a.blocks.map((x) => [x.text, x.status])).toEqual([['10.9.0.0/28', 'lost']]);
  });
});

/** host-a's client on segment s (10.9.0.0/24), opened on `store`. */
async function openOn(store: FleetStore): Promise<SegmentClient> {
  const client = new SegmentClient({
    store,
    lease: new HostLease(store, 3600),
    host: 'host-a',
    segment: 's',
    subnet: '10.9.0.0/24',
  });
  await client.open();
  return client;
}

describe('releasing empty blocks', () => {
  it('a block used while an earlier block’s release waits for the store is kept, not released with an address in it', async () => {
    const inner = new MemoryFleetStore();
    let gate: (() => void) | undefined;
    const gated = new Promise<void>((resolve) => (gate = resolve));
    let held = false;
    const store = Object.create(inner) as FleetStore;
    // The first transaction after `held` is set (the first block's delete) waits for the gate.
    store.txn = async (txn) => {
      if (held) {
        held = false;
        await gated;
      }
      return inner.txn(txn);
    };
    const client = await openOn(store);
    const low = 0x0a090005n; // 10.9.0.5, in 10.9.0.0/28
    const high = 0x0a090015n; // 10.9.0.21, in 10.9.0.16/28
    await client.take(low);
    await client.take(high);
    expect(client.blocks.map((b) => b.text)).toEqual(['10.9.0.0/28', '10.9.0.16/28']);
    client.release(low);
    client.release(high);
    held = true;
    const collecting = client.collect(0);
    await new Promise((resolve) => setImmediate(resolve));
    // The first block is being released (fenced); the second is empty but held, so an allocation takes it.
    const next = await client.allocate();
    expect(next >= 0x0a090010n && next < 0x0a090020n).toBe(true); // in 10.9.0.16/28
    gate!();
    expect(await collecting).toBe(1);
    expect(client.blocks.map((b) => [b.text, b.status])).toEqual([['10.9.0.16/28', 'held']]);
    // The store still records the kept block as this host's: a full read reports nothing lost.
    expect(await client.refresh()).toEqual([]);
  });
  it('a release that fails midway still counts the blocks given back before it', async () => {
    const inner = new MemoryFleetStore();
    let deletes = 0;
    const store = Object.create(inner) as FleetStore;
    store.txn = (txn) => {
      if (txn.success.some((op) => op.kind === 'delete') && ++deletes === 2)
        return Promise.reject(
          new FleetStoreError('UNREACHABLE', 'etcd at http://192.0.2.1:2379', 'timeout'),
        );
      return inner.txn(txn);
    };
    const client = await openOn(store);
    for (const value of [0x0a090005n, 0x0a090015n]) {
      await client.take(value);
      client.release(value);
    }
    const failed = await client.collect(0).catch((error: unknown) => error);
    expect(failed).toBeInstanceOf(DomainError);
    expect(client.stats.releases).toBe(1);
    expect(client.blocks.map((b) => [b.text, b.status])).toEqual([['10.9.0.16/28', 'fenced']]);
  });
});

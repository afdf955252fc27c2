// The behaviour every FleetStore must have, run against each implementation
// (memory, SQLite, a real etcd): the allocator's safety rests on exactly this.
import { describe, expect, it } from 'vitest';
import { type FleetStore, FleetStoreError } from '../src';

/** One store under test; `expire` makes a lease of 1 s run out (moves a clock, or waits). */
export interface Subject {
  store: FleetStore;
  expire(): Promise<void>;
}

export function storeContract(name: string, make: () => Subject): void {
  describe(`${name} store contract`, () => {
    const put = (key: string, value: string, lease?: string) => ({
      kind: 'put' as const,
      key,
      value,
      ...(lease === undefined ? {} : { lease }),
    });

    it('creates a key only when it is absent (compare modRevision 0)', async () => {
      const { store } = make();
      const first = await store.txn({
        compare: [{ key: '/c/a', modRevision: 0 }],
        success: [put('/c/a', '1')],
      });
      const second = await store.txn({
        compare: [{ key: '/c/a', modRevision: 0 }],
        success: [put('/c/a', '2')],
      });
      expect(first.succeeded).toBe(true);
      expect(second.succeeded).toBe(false);
      expect(await store.get('/c/a')).toMatchObject({ value: '1', modRevision: first.revision });
    });

    it('writes all or nothing: one stale compare and no op is applied', async () => {
      const { store } = make();
      const a = await store.txn({
        compare: [{ key: '/n/a', modRevision: 0 }],
        success: [put('/n/a', 'a')],
      });
      await store.txn({
        compare: [{ key: '/n/a', modRevision: a.revision }],
        success: [put('/n/a', 'a2')],
      });
      const stale = await store.txn({
        compare: [
          { key: '/n/b', modRevision: 0 },
          { key: '/n/a', modRevision: a.revision },
        ],
        success: [put('/n/b', 'b'), { kind: 'delete', key: '/n/a' }],
      });
      expect(stale.succeeded).toBe(false);
      expect(await store.get('/n/b')).toBeNull();
      expect(await store.get('/n/a')).toMatchObject({ value: 'a2' });
    });

    it('lists a prefix in key order at one revision, and nothing beside it', async () => {
      const { store } = make();
      for (const key of ['/p/x/2', '/p/x/1', '/p/y', '/p/x']) {
        await store.txn({ compare: [{ key, modRevision: 0 }], success: [put(key, key)] });
      }
      const snapshot = await store.list('/p/x/');
      expect(snapshot.kvs.map((kv) => kv.key)).toEqual(['/p/x/1', '/p/x/2']);
      expect(snapshot.revision).toBeGreaterThanOrEqual(
        Math.max(...snapshot.kvs.map((kv) => kv.modRevision)),
      );
    });

    it('deletes the keys of a revoked lease, renews live ones, and refuses a put on a gone lease', async () => {
      const { store } = make();
      const lease = await store.grantLease(60);
      await store.txn({
        compare: [{ key: '/l/a', modRevision: 0 }],
        success: [put('/l/a', 'a', lease)],
      });
      expect(await store.get('/l/a')).toMatchObject({ lease });
      expect(await store.keepAlive(lease)).toBe(true);
      await store.revokeLease(lease);
      expect(await store.get('/l/a')).toBeNull();
      expect(await store.keepAlive(lease)).toBe(false);
      const refused = store.txn({
        compare: [{ key: '/l/b', modRevision: 0 }],
        success: [put('/l/b', 'b', lease)],
      });
      await expect(refused).rejects.toMatchObject({ code: 'LEASE_NOT_FOUND' });
      await expect(refused).rejects.toBeInstanceOf(FleetStoreError);
      expect(await store.get('/l/b')).toBeNull();
    });

    it("deletes a lease's keys when it expires, and only those", async () => {
      const subject = make();
      const { store } = subject;
      const short = await store.grantLease(1);
      const long = await store.grantLease(600);
      await store.txn({
        compare: [{ key: '/e/a', modRevision: 0 }],
        success: [put('/e/a', 'a', short)],
      });
      await store.txn({
        compare: [{ key: '/e/b', modRevision: 0 }],
        success: [put('/e/b', 'b', long)],
      });
      await subject.expire();
      expect(await store.get('/e/a')).toBeNull();
      expect(await store.get('/e/b')).not.toBeNull();
      expect(await store.keepAlive(short)).toBe(false);
    });

    it('lets exactly one of 20 concurrent creates of one key win', async () => {
      const { store } = make();
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store.txn({
            compare: [{ key: '/r/a', modRevision: 0 }],
            success: [put('/r/a', String(i))],
          }),
        ),
      );
      expect(results.filter((r) => r.succeeded)).toHaveLength(1);
    });
  });
}

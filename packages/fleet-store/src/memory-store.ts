import type { KeyValue, Snapshot, Txn, TxnResult } from '@underlay/core';
import { type FleetStore, FleetStoreError } from './store';

interface Lease {
  ttlMs: number;
  expiresAt: number;
}

// The reference semantics of the interface, in memory: the tests run the same
// contract suite against it, SQLite and a real etcd. Also the store of
// single-process simulations (the fleet benchmark's baseline).
/** A FleetStore in memory, with an injectable clock for lease expiry. */
export class MemoryFleetStore implements FleetStore {
  readonly kind = 'memory';
  readonly where = 'memory';
  private revision = 0;
  private nextLease = 1;
  private readonly kvs = new Map<string, KeyValue>();
  private readonly leases = new Map<string, Lease>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<KeyValue | null> {
    this.expire();
    const kv = this.kvs.get(key);
    return kv ? { ...kv } : null;
  }

  async list(prefix: string): Promise<Snapshot> {
    this.expire();
    const kvs = [...this.kvs.values()]
      .filter((kv) => kv.key.startsWith(prefix))
      .sort((a, b) => (a.key < b.key ? -1 : 1))
      .map((kv) => ({ ...kv }));
    return { revision: this.revision, kvs };
  }

  async txn(txn: Txn): Promise<TxnResult> {
    this.expire();
    const holds = txn.compare.every(
      (c) => (this.kvs.get(c.key)?.modRevision ?? 0) === c.modRevision,
    );
    if (!holds) return { succeeded: false, revision: this.revision };
    for (const op of txn.success)
      if (op.kind === 'put' && op.lease !== undefined && !this.leases.has(op.lease))
        throw new FleetStoreError('LEASE_NOT_FOUND', this.where, `lease ${op.lease} not found`);
    this.revision++;
    for (const op of txn.success) {
      if (op.kind === 'delete') this.kvs.delete(op.key);
      else
        this.kvs.set(op.key, {
          key: op.key,
          value: op.value,
          modRevision: this.revision,
          ...(op.lease === undefined ? {} : { lease: op.lease }),
        });
    }
    return { succeeded: true, revision: this.revision };
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    const id = String(this.nextLease++);
    this.leases.set(id, { ttlMs: ttlSeconds * 1000, expiresAt: this.now() + ttlSeconds * 1000 });
    return id;
  }

  async keepAlive(lease: string): Promise<boolean> {
    this.expire();
    const found = this.leases.get(lease);
    if (!found) return false;
    found.expiresAt = this.now() + found.ttlMs;
    return true;
  }

  async revokeLease(lease: string): Promise<void> {
    this.drop(lease);
  }

  async close(): Promise<void> {}

  private expire(): void {
    const now = this.now();
    for (const [id, lease] of this.leases) if (lease.expiresAt <= now) this.drop(id);
  }

  private drop(id: string): void {
    if (!this.leases.delete(id)) return;
    const attached = [...this.kvs.values()].filter((kv) => kv.lease === id);
    if (attached.length === 0) return;
    this.revision++;
    for (const kv of attached) this.kvs.delete(kv.key);
  }
}

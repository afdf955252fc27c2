// A simulated fleet store for property tests: the semantics of etcd v3 that
// the allocator relies on (revisions, all-or-nothing compares, leases that
// delete their keys when they expire), with a clock the test moves by hand.
import type { KeyValue, Snapshot, Txn, TxnResult } from '../../src/fleet-ipam';

interface Lease {
  ttl: number;
  expiresAt: number;
}

/** A key deleted because its lease ran out, with what it held. */
export interface Expired {
  key: string;
  value: string;
  at: number;
}

export class SimStore {
  now = 0;
  revision = 0;
  readonly expired: Expired[] = [];
  private readonly kvs = new Map<string, KeyValue>();
  private readonly leases = new Map<string, Lease>();
  private nextLease = 1;

  list(prefix: string): Snapshot {
    const kvs = [...this.kvs.values()].filter((kv) => kv.key.startsWith(prefix));
    return { revision: this.revision, kvs: kvs.map((kv) => ({ ...kv })) };
  }

  get(key: string): KeyValue | undefined {
    return this.kvs.get(key);
  }

  txn(txn: Txn): TxnResult {
    const holds = txn.compare.every(
      (c) => (this.kvs.get(c.key)?.modRevision ?? 0) === c.modRevision,
    );
    const leasesOk = txn.success.every(
      (op) => op.kind === 'delete' || !op.lease || this.leases.has(op.lease),
    );
    if (!holds || !leasesOk) return { succeeded: false, revision: this.revision };
    this.revision++;
    for (const op of txn.success) {
      if (op.kind === 'delete') this.kvs.delete(op.key);
      else
        this.kvs.set(op.key, {
          key: op.key,
          value: op.value,
          modRevision: this.revision,
          lease: op.lease,
        });
    }
    return { succeeded: true, revision: this.revision };
  }

  grant(ttl: number): string {
    const id = String(this.nextLease++);
    this.leases.set(id, { ttl, expiresAt: this.now + ttl });
    return id;
  }

  keepAlive(id: string): boolean {
    const lease = this.leases.get(id);
    if (!lease) return false;
    lease.expiresAt = this.now + lease.ttl;
    return true;
  }

  leaseAlive(id: string): boolean {
    return this.leases.has(id);
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, lease] of this.leases) {
      if (lease.expiresAt > this.now) continue;
      this.leases.delete(id);
      this.revision++;
      for (const kv of [...this.kvs.values()]) {
        if (kv.lease !== id) continue;
        this.kvs.delete(kv.key);
        this.expired.push({ key: kv.key, value: kv.value, at: this.now });
      }
    }
  }
}

import type { KeyValue, Snapshot, Txn, TxnResult } from '@underlay/core';
import { noop } from 'cockatiel';
import type { Etcd3, IKeyValue, Lease } from 'etcd3';
import { type FleetStore, FleetStoreError } from './store';

// etcd3 (microsoft/etcd3): the maintained TypeScript client of etcd's v3 gRPC
// API, on @grpc/grpc-js (pure JS, no native build), works on Node 20 against
// etcd 3.4. Its default fault handling retries three times and opens a
// circuit breaker after three failures; the allocator decides itself what a
// failure means (allocate inside held blocks, refuse the claim), so calls
// here fail fast, each within `timeoutMs`. etcd3 and gRPC are imported only
// when an etcd store is opened: loading them costs seconds of CPU in a lab
// guest, which an agent on the hub's store or on none should not pay at start.

/** How to reach etcd. */
export interface EtcdStoreOptions {
  /** Client URL, e.g. `http://192.0.2.1:2379`, or several members' URLs. */
  endpoint: string | readonly string[];
  /** Deadline of each call (default 3 s). */
  timeoutMs?: number;
}

/** A FleetStore on etcd v3: transactions with modRevision compares, leases with TTL. */
export class EtcdFleetStore implements FleetStore {
  readonly kind = 'etcd';
  readonly where: string;
  private readonly client: Promise<Etcd3>;
  private readonly leases = new Map<string, Lease>();

  constructor({ endpoint, timeoutMs = 3_000 }: EtcdStoreOptions) {
    const hosts = typeof endpoint === 'string' ? [endpoint] : [...endpoint];
    this.where = `etcd at ${hosts.join(',')}`;
    this.client = import('etcd3').then(
      ({ Etcd3 }) =>
        new Etcd3({
          hosts,
          dialTimeout: timeoutMs,
          defaultCallOptions: (context) =>
            context.isStream ? {} : { deadline: Date.now() + timeoutMs },
          faultHandling: { host: () => noop, global: noop },
        }),
    );
  }

  async get(key: string): Promise<KeyValue | null> {
    const client = await this.client;
    const response = await this.call(() => client.get(key).exec());
    const kv = response.kvs[0];
    return kv ? toKeyValue(kv) : null;
  }

  async list(prefix: string): Promise<Snapshot> {
    const client = await this.client;
    const response = await this.call(() => client.getAll().prefix(prefix).exec());
    return { revision: Number(response.header.revision), kvs: response.kvs.map(toKeyValue) };
  }

  async txn(txn: Txn): Promise<TxnResult> {
    const [first, ...rest] = txn.compare;
    if (!first) throw new Error('a fleet store transaction needs at least one compare');
    const client = await this.client;
    let builder = client.if(first.key, 'Mod', '==', first.modRevision);
    for (const c of rest) builder = builder.and(c.key, 'Mod', '==', c.modRevision);
    builder = builder.then(
      ...txn.success.map((op) =>
        op.kind === 'delete'
          ? client.delete().key(op.key)
          : op.lease === undefined
            ? client.put(op.key).value(op.value)
            : client.put(op.key).value(op.value).lease(op.lease),
      ),
    );
    const response = await this.call(() => builder.commit());
    return { succeeded: response.succeeded, revision: Number(response.header.revision) };
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    const lease = (await this.client).lease(ttlSeconds, { autoKeepAlive: false });
    const id = await this.call(() => lease.grant());
    this.leases.set(id, lease);
    return id;
  }

  // A lease this client did not grant (an agent restarted) cannot be renewed
  // through etcd3's stream; the caller grants a new one and claims again.
  async keepAlive(id: string): Promise<boolean> {
    const lease = this.leases.get(id);
    if (!lease || lease.revoked()) return false;
    try {
      const response = await this.call(() => lease.keepaliveOnce());
      return Number(response.TTL) > 0;
    } catch (error) {
      if (error instanceof FleetStoreError && error.code === 'LEASE_NOT_FOUND') return false;
      throw error;
    }
  }

  async revokeLease(id: string): Promise<void> {
    const lease = this.leases.get(id);
    this.leases.delete(id);
    if (lease) await this.call(() => lease.revoke());
    else {
      const client = await this.client;
      await this.call(() => client.leaseClient.leaseRevoke({ ID: id }));
    }
  }

  async close(): Promise<void> {
    for (const lease of this.leases.values()) lease.release();
    (await this.client).close();
  }

  /** Runs one call; a lease error and every transport failure become FleetStoreErrors naming the store. */
  private async call<T>(body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const { EtcdLeaseInvalidError } = await import('etcd3');
      if (error instanceof EtcdLeaseInvalidError)
        throw new FleetStoreError('LEASE_NOT_FOUND', this.where, error.message, { cause: error });
      const message = error instanceof Error ? error.message : String(error);
      throw new FleetStoreError('UNREACHABLE', this.where, `${this.where}: ${message}`, {
        cause: error,
      });
    }
  }
}

function toKeyValue(kv: IKeyValue): KeyValue {
  const lease = kv.lease === '0' || kv.lease === undefined ? undefined : String(kv.lease);
  return {
    key: kv.key.toString(),
    value: kv.value.toString(),
    modRevision: Number(kv.mod_revision),
    ...(lease === undefined ? {} : { lease }),
  };
}

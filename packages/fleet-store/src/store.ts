import type { KeyValue, Snapshot, Txn, TxnResult } from '@underlay/core';

// One small interface, shaped after etcd v3 (the richer of the two) so the
// hub's SQLite and etcd both fit without an adapter that pretends: ranges by
// prefix at one revision, multi-key compare-and-swap transactions, and leases
// whose expiry deletes the keys attached to them.

/** Which store, for messages and metrics. */
export type FleetStoreKind = 'memory' | 'sqlite' | 'etcd' | 'hub';

/** The fleet store: every write is a transaction guarded by modRevision compares. */
export interface FleetStore {
  readonly kind: FleetStoreKind;
  /** Where it is, as messages name it: `etcd at http://192.0.2.1:2379`, `sqlite at /var/lib/…`. */
  readonly where: string;
  /** One key, or null when it does not exist. */
  get(key: string): Promise<KeyValue | null>;
  /** Every key under a prefix, at one revision, in key order. */
  list(prefix: string): Promise<Snapshot>;
  /** All compares hold → all ops applied at one new revision; otherwise nothing. A put on a lease that is gone throws LEASE_NOT_FOUND. */
  txn(txn: Txn): Promise<TxnResult>;
  /** A new lease of `ttlSeconds`; keys put with it are deleted when it expires. */
  grantLease(ttlSeconds: number): Promise<string>;
  /** Renews a lease; false when it has already expired (its keys are gone). */
  keepAlive(lease: string): Promise<boolean>;
  /** Ends a lease now, deleting its keys. */
  revokeLease(lease: string): Promise<void>;
  close(): Promise<void>;
}

/** Store errors are data: a stable code, the store, and what to do. */
export class FleetStoreError extends Error {
  constructor(
    readonly code: 'LEASE_NOT_FOUND' | 'UNREACHABLE',
    readonly where: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FleetStoreError';
  }
}

/** The smallest key greater than every key that starts with `prefix` (etcd's range_end for a prefix). */
export function prefixEnd(prefix: string): string {
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}

// The fleet store's data model, shaped after etcd v3 so that etcd itself and
// the hub's SQLite both fit: keys with a modification revision, transactions
// that compare revisions before they write, and leases that delete their keys
// when they run out. Core decides on snapshots and results of these; the
// stores themselves live outside core (they do I/O).

/** One key as read: its value and the store revision of its last write. */
export interface KeyValue {
  key: string;
  value: string;
  modRevision: number;
  /** The lease the key is attached to, if any (deleted with it). */
  lease?: string;
}

/** A guard of a transaction: the key's modRevision must equal this; 0 means the key must not exist. */
export interface Compare {
  key: string;
  modRevision: number;
}

/** One write of a transaction. */
export type StoreOp =
  { kind: 'put'; key: string; value: string; lease?: string } | { kind: 'delete'; key: string };

/** A compare-and-swap: every compare holds, then every op is applied, all at once; otherwise nothing. */
export interface Txn {
  compare: Compare[];
  success: StoreOp[];
}

/** What a transaction did; `revision` is the store's revision after it (a failed one writes nothing). */
export interface TxnResult {
  succeeded: boolean;
  revision: number;
}

/** Every key under a prefix, read at one revision. */
export interface Snapshot {
  revision: number;
  kvs: KeyValue[];
}

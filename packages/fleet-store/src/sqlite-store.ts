import Database from 'better-sqlite3';
import type { KeyValue, Snapshot, Txn, TxnResult } from '@underlay/core';
import { type FleetStore, FleetStoreError, prefixEnd } from './store';

// The hub's store: etcd's model in three tables. Each transaction is one
// SQLite write transaction (BEGIN IMMEDIATE), so compares and writes are
// atomic against every other writer, in this process or another one. Leases
// expire lazily: every call first deletes the leases past their deadline and
// the keys attached to them, bumping the revision as etcd does.
const SCHEMA = `
CREATE TABLE IF NOT EXISTS fleet_kv (
  key TEXT PRIMARY KEY, value TEXT NOT NULL, mod_revision INTEGER NOT NULL, lease TEXT
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS fleet_kv_lease ON fleet_kv (lease) WHERE lease IS NOT NULL;
CREATE TABLE IF NOT EXISTS fleet_lease (
  id TEXT PRIMARY KEY, ttl_ms INTEGER NOT NULL, expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS fleet_counter (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO fleet_counter VALUES ('revision', 0), ('lease', 0);
`;

interface Row {
  key: string;
  value: string;
  mod_revision: number;
  lease: string | null;
}

const toKeyValue = (row: Row): KeyValue => ({
  key: row.key,
  value: row.value,
  modRevision: row.mod_revision,
  ...(row.lease === null ? {} : { lease: row.lease }),
});

/** A FleetStore in a SQLite file (the hub's default), or `:memory:`. */
export class SqliteFleetStore implements FleetStore {
  readonly kind = 'sqlite';
  readonly where: string;
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    path: string,
    private readonly now: () => number = Date.now,
  ) {
    this.where = `sqlite at ${path}`;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
  }

  async get(key: string): Promise<KeyValue | null> {
    return this.write(() => {
      const row = this.statements.get.get(key) as Row | undefined;
      return row ? toKeyValue(row) : null;
    });
  }

  async list(prefix: string): Promise<Snapshot> {
    return this.write(() => ({
      revision: this.revision(),
      kvs: (this.statements.range.all(prefix, prefixEnd(prefix)) as Row[]).map(toKeyValue),
    }));
  }

  async txn(txn: Txn): Promise<TxnResult> {
    return this.write(() => {
      const holds = txn.compare.every((c) => {
        const row = this.statements.revisionOf.get(c.key) as { mod_revision: number } | undefined;
        return (row?.mod_revision ?? 0) === c.modRevision;
      });
      if (!holds) return { succeeded: false, revision: this.revision() };
      for (const op of txn.success)
        if (op.kind === 'put' && op.lease !== undefined && !this.statements.lease.get(op.lease))
          throw new FleetStoreError('LEASE_NOT_FOUND', this.where, `lease ${op.lease} not found`);
      const revision = this.bump();
      for (const op of txn.success) {
        if (op.kind === 'delete') this.statements.del.run(op.key);
        else this.statements.put.run(op.key, op.value, revision, op.lease ?? null);
      }
      return { succeeded: true, revision };
    });
  }

  async grantLease(ttlSeconds: number): Promise<string> {
    return this.write(() => {
      this.statements.bumpLease.run();
      const { value } = this.statements.counter.get('lease') as { value: number };
      const id = String(value);
      this.statements.grant.run(id, ttlSeconds * 1000, this.now() + ttlSeconds * 1000);
      return id;
    });
  }

  async keepAlive(lease: string): Promise<boolean> {
    return this.write(() => this.statements.renew.run(this.now(), lease).changes === 1);
  }

  async revokeLease(lease: string): Promise<void> {
    this.write(() => this.drop([lease]));
  }

  async close(): Promise<void> {
    this.db.close();
  }

  /** Runs `body` in one immediate transaction, after expiring the leases past their deadline. */
  private write<T>(body: () => T): T {
    return this.db
      .transaction(() => {
        const expired = this.statements.expired.all(this.now()) as { id: string }[];
        if (expired.length > 0) this.drop(expired.map((row) => row.id));
        return body();
      })
      .immediate();
  }

  private drop(ids: string[]): void {
    let attached = 0;
    for (const id of ids) {
      this.statements.unlease.run(id);
      attached += this.statements.dropKeys.run(id).changes;
    }
    if (attached > 0) this.bump();
  }

  private revision(): number {
    return (this.statements.counter.get('revision') as { value: number }).value;
  }

  private bump(): number {
    this.statements.bumpRevision.run();
    return this.revision();
  }

  private prepare() {
    const db = this.db;
    return {
      get: db.prepare('SELECT * FROM fleet_kv WHERE key = ?'),
      range: db.prepare('SELECT * FROM fleet_kv WHERE key >= ? AND key < ? ORDER BY key'),
      revisionOf: db.prepare('SELECT mod_revision FROM fleet_kv WHERE key = ?'),
      put: db.prepare(
        'INSERT INTO fleet_kv VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, mod_revision = excluded.mod_revision, lease = excluded.lease',
      ),
      del: db.prepare('DELETE FROM fleet_kv WHERE key = ?'),
      counter: db.prepare('SELECT value FROM fleet_counter WHERE name = ?'),
      bumpRevision: db.prepare(
        "UPDATE fleet_counter SET value = value + 1 WHERE name = 'revision'",
      ),
      bumpLease: db.prepare("UPDATE fleet_counter SET value = value + 1 WHERE name = 'lease'"),
      lease: db.prepare('SELECT id FROM fleet_lease WHERE id = ?'),
      grant: db.prepare('INSERT INTO fleet_lease VALUES (?, ?, ?)'),
      renew: db.prepare('UPDATE fleet_lease SET expires_at = ? + ttl_ms WHERE id = ?'),
      expired: db.prepare('SELECT id FROM fleet_lease WHERE expires_at <= ?'),
      unlease: db.prepare('DELETE FROM fleet_lease WHERE id = ?'),
      dropKeys: db.prepare('DELETE FROM fleet_kv WHERE lease = ?'),
    };
  }
}

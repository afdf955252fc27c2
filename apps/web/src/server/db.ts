import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

// The dashboard's own SQLite file: admin credential, sessions, fleet registry.
// WAL so the SSE stream's reads never wait on a login's write.

export type Db = Database.Database;

const MIGRATIONS: string[] = [
  `CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
   CREATE TABLE sessions (id TEXT PRIMARY KEY, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
   CREATE INDEX sessions_expiry ON sessions (expires_at);
   CREATE TABLE hosts (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL UNIQUE,
     address TEXT NOT NULL,
     token TEXT NOT NULL,
     tls_ca TEXT,
     source TEXT NOT NULL DEFAULT 'manual',
     created_at INTEGER NOT NULL
   );`,
  // 2: each registered host's bearer token for the hub's fleet store (fleet/store-tokens.ts).
  `CREATE TABLE IF NOT EXISTS hub_store_tokens (
     host_id TEXT PRIMARY KEY REFERENCES hosts (id) ON DELETE CASCADE,
     hash TEXT NOT NULL UNIQUE,
     created_at INTEGER NOT NULL
   );`,
];

/** Brings the schema up to date (user_version counts applied migrations). */
export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const [index, sql] of MIGRATIONS.entries()) {
    if (index < current) continue;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${index + 1}`);
    })();
  }
}

/** Opens (creating when missing) the database; `:memory:` for tests. */
export function openDb(location: string): Db {
  const path = location === ':memory:' ? location : join(location, 'web.sqlite');
  if (location !== ':memory:') mkdirSync(location, { recursive: true, mode: 0o700 });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

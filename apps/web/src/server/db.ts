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
  // 3: the hub's event history (fleet/event-store.ts): the newest 10,000 events of every host.
  `CREATE TABLE events (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     at INTEGER NOT NULL,
     host_id TEXT NOT NULL,
     host TEXT NOT NULL,
     kind TEXT NOT NULL,
     type TEXT NOT NULL,
     network TEXT,
     network_id TEXT,
     link TEXT,
     body TEXT NOT NULL
   );
   CREATE INDEX events_host ON events (host, id);
   CREATE INDEX events_kind ON events (kind, id);
   CREATE INDEX events_network ON events (network, id);
   CREATE INDEX events_link ON events (host_id, link, id);
   CREATE INDEX events_network_id ON events (network_id, id);`,
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

import type { Db } from './db';

// Settings the agent takes through its API (BGP peering), kept across restarts.

/** A setting's value, or undefined. */
export function getSetting<T>(db: Db, key: string): T | undefined {
  const row = db.prepare('SELECT json FROM settings WHERE key = ?').get(key) as
    { json: string } | undefined;
  return row ? (JSON.parse(row.json) as T) : undefined;
}

/** Stores a setting's value. */
export function putSetting(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, json) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET json = excluded.json',
  ).run(key, JSON.stringify(value));
}

import type { Db } from './db';

// The event log behind the subscription's `lastEventId` replay: bounded, so a
// long-lived agent does not grow it forever.

/** Appends an event and trims the log to `keep` entries; returns the new id. */
export function appendEvent(db: Db, event: unknown, keep: number): string {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO events (json) VALUES (?)')
    .run(JSON.stringify(event));
  db.prepare('DELETE FROM events WHERE id <= ?').run(Number(lastInsertRowid) - keep);
  return String(lastInsertRowid);
}

/** Events after `afterId` (all kept events when it is null), oldest first. */
export function eventsAfter(db: Db, afterId: string | null): { id: string; event: unknown }[] {
  const after = afterId === null ? 0 : Number(afterId);
  const rows = db
    .prepare('SELECT id, json FROM events WHERE id > ? ORDER BY id')
    .all(Number.isFinite(after) ? after : 0) as { id: number; json: string }[];
  return rows.map((r) => ({ id: String(r.id), event: JSON.parse(r.json) as unknown }));
}

/** Id of the newest event, or null when the log is empty. */
export function lastEventId(db: Db): string | null {
  const row = db.prepare('SELECT max(id) AS id FROM events').get() as { id: number | null };
  return row.id === null ? null : String(row.id);
}

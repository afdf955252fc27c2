import type { Container } from '@underlay/core';
import type { Db } from './db';

// Containers the agent made (it deletes their namespace on rm) and the ones it
// adopted (it only forgets them).

/** Every container, oldest first. */
export function listContainers(db: Db): Container[] {
  const rows = db.prepare('SELECT json FROM containers ORDER BY rowid').all() as { json: string }[];
  // Rows hold only records the agent validated before writing; re-parsing every row with zod on each
  // operation made connects slower as endpoints accumulated.
  return rows.map((r) => JSON.parse(r.json) as Container);
}

/** Stores a container record. */
export function saveContainer(db: Db, container: Container): void {
  db.prepare(
    'INSERT INTO containers (name, origin, json) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json',
  ).run(container.name, container.origin, JSON.stringify(container));
}

/** Forgets a container. */
export function deleteContainer(db: Db, name: string): void {
  db.prepare('DELETE FROM containers WHERE name = ?').run(name);
}

import type { Network } from '@underlay/core';
import type { Db } from './db';

// Networks are stored as the JSON of core's Network, so the record is exactly
// what plan() and inspect read.

/** Every network, oldest first. */
export function listNetworks(db: Db): Network[] {
  const rows = db.prepare('SELECT json FROM networks ORDER BY rowid').all() as { json: string }[];
  // Rows hold only records the agent validated before writing; re-parsing every row with zod on each
  // operation made connects slower as endpoints accumulated.
  return rows.map((r) => JSON.parse(r.json) as Network);
}

/** Inserts or replaces a network record. */
export function saveNetwork(db: Db, network: Network): void {
  db.prepare(
    'INSERT INTO networks (id, name, json) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, json = excluded.json',
  ).run(network.id, network.name, JSON.stringify(network));
}

/** Deletes a network with its allocations (its endpoints must be gone already). */
export function deleteNetwork(db: Db, id: string): void {
  db.prepare('DELETE FROM allocations WHERE network_id = ?').run(id);
  db.prepare('DELETE FROM networks WHERE id = ?').run(id);
}

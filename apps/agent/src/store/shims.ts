import type { HostShim } from '@underlay/core';
import type { Db } from './db';

// Host shims: each network's share of its parent's shim link (its address on
// it). The link's reference count is the number of rows naming it.

/** Every network's shim share, oldest first. */
export function listShims(db: Db): HostShim[] {
  const rows = db.prepare('SELECT json FROM host_shims ORDER BY rowid').all() as { json: string }[];
  return rows.map((r) => JSON.parse(r.json) as HostShim);
}

/** Records a network's share of a shim. */
export function saveShim(db: Db, shim: HostShim): void {
  db.prepare(
    'INSERT INTO host_shims (network_id, parent, ifname, json) VALUES (?, ?, ?, ?) ON CONFLICT(network_id) DO UPDATE SET json = excluded.json',
  ).run(shim.networkId, shim.parent, shim.ifname, JSON.stringify(shim));
}

/** Forgets a network's share (before the network's own row goes). */
export function deleteShim(db: Db, networkId: string): void {
  db.prepare('DELETE FROM host_shims WHERE network_id = ?').run(networkId);
}

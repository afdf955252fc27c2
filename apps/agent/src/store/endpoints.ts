import type { Endpoint } from '@underlay/core';
import type { Db } from './db';

// An endpoint and its address allocations are written in one transaction, so
// the allocations table never holds an address without its endpoint.

/** Every endpoint, oldest first. */
export function listEndpoints(db: Db): Endpoint[] {
  const rows = db.prepare('SELECT json FROM endpoints ORDER BY rowid').all() as { json: string }[];
  // Rows hold only records the agent validated before writing; re-parsing every row with zod on each
  // operation made connects slower as endpoints accumulated.
  return rows.map((r) => JSON.parse(r.json) as Endpoint);
}

/** Stores an endpoint and one allocation per address it holds. */
export function saveEndpoint(db: Db, endpoint: Endpoint): void {
  db.transaction(() => {
    db.prepare(
      'INSERT INTO endpoints (id, network_id, container, json) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json',
    ).run(endpoint.id, endpoint.networkId, endpoint.container, JSON.stringify(endpoint));
    db.prepare('DELETE FROM allocations WHERE endpoint_id = ?').run(endpoint.id);
    const insert = db.prepare(
      'INSERT INTO allocations (network_id, endpoint_id, family, address) VALUES (?, ?, ?, ?)',
    );
    for (const [family, address] of [
      [4, endpoint.ipv4Address],
      [6, endpoint.ipv6Address],
    ] as const) {
      if (address) insert.run(endpoint.networkId, endpoint.id, family, address.split('/')[0]);
    }
  })();
}

/** Deletes an endpoint; its allocations go with it (ON DELETE CASCADE). */
export function deleteEndpoint(db: Db, id: string): void {
  db.prepare('DELETE FROM endpoints WHERE id = ?').run(id);
}

/** Addresses held in a network, as `{family, address, endpointId}` (for usage figures and checks). */
export function listAllocations(
  db: Db,
  networkId?: string,
): { networkId: string; endpointId: string; family: 4 | 6; address: string }[] {
  const sql =
    'SELECT network_id AS networkId, endpoint_id AS endpointId, family, address FROM allocations';
  const rows = networkId
    ? db.prepare(`${sql} WHERE network_id = ?`).all(networkId)
    : db.prepare(sql).all();
  return rows as { networkId: string; endpointId: string; family: 4 | 6; address: string }[];
}

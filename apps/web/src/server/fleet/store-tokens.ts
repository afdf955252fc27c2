import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../db';

// Each registered host's bearer token for the hub's fleet store. The hub
// mints one when it links to the host's agent and hands it over with
// `fleetStore.configure`; only its SHA-256 is kept (the token is 256 random
// bits, so a plain hash is enough: there is nothing to brute-force). Minting
// again replaces the old one, and removing the host deletes its row (a
// foreign key with ON DELETE CASCADE; the database runs with foreign_keys on).
// The table is db.ts's migration 2.

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** A fresh token for a host, replacing the one it had; the plain token is returned once. */
export function mintStoreToken(db: Db, hostId: string, now = Date.now()): string {
  const token = randomBytes(32).toString('base64url');
  db.prepare(
    'INSERT INTO hub_store_tokens (host_id, hash, created_at) VALUES (?, ?, ?) ON CONFLICT (host_id) DO UPDATE SET hash = excluded.hash, created_at = excluded.created_at',
  ).run(hostId, hashOf(token), now);
  return token;
}

/** The name of the registered host a token belongs to, or null. */
export function storeTokenHost(db: Db, token: string): string | null {
  const row = db
    .prepare(
      'SELECT hosts.name AS name FROM hub_store_tokens JOIN hosts ON hosts.id = hub_store_tokens.host_id WHERE hash = ?',
    )
    .get(hashOf(token)) as { name: string } | undefined;
  return row?.name ?? null;
}

/** Deletes a host's token (its host's removal does too, by the foreign key); true when there was one. */
export const revokeStoreToken = (db: Db, hostId: string): boolean =>
  db.prepare('DELETE FROM hub_store_tokens WHERE host_id = ?').run(hostId).changes > 0;

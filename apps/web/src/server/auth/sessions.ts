import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db';

// A session is a random id kept server-side with an expiry. The cookie holds
// `id.signature` (HMAC with the data dir's secret) so a forged or truncated
// cookie is refused before any lookup.

export interface Session {
  id: string;
  createdAt: number;
  expiresAt: number;
}

/** Starts a session lasting `ttlMs`. */
export function createSession(
  db: Db,
  { ttlMs, now = Date.now() }: { ttlMs: number; now?: number },
): Session {
  const session = {
    id: randomBytes(32).toString('base64url'),
    createdAt: now,
    expiresAt: now + ttlMs,
  };
  db.prepare('INSERT INTO sessions (id, created_at, expires_at) VALUES (?, ?, ?)').run(
    session.id,
    session.createdAt,
    session.expiresAt,
  );
  return session;
}

/** The live session with this id, or null (unknown or expired; expired ones are deleted). */
export function findSession(db: Db, id: string, now = Date.now()): Session | null {
  const row = db.prepare('SELECT id, created_at, expires_at FROM sessions WHERE id = ?').get(id) as
    { id: string; created_at: number; expires_at: number } | undefined;
  if (!row) return null;
  if (row.expires_at <= now) {
    deleteSession(db, id);
    return null;
  }
  return { id: row.id, createdAt: row.created_at, expiresAt: row.expires_at };
}

/** Ends a session (logout); unknown ids are ignored. */
export function deleteSession(db: Db, id: string): void {
  db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
}

/** Drops every expired session; returns how many. */
export function pruneSessions(db: Db, now = Date.now()): number {
  return db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(now).changes;
}

const sign = (secret: string, id: string): string =>
  createHmac('sha256', secret).update(id).digest('base64url');

/** The cookie value for a session id. */
export const sealSessionId = (secret: string, id: string): string => `${id}.${sign(secret, id)}`;

/** The session id inside a cookie value, or null when the signature does not match. */
export function unsealSessionId(secret: string, value: string | undefined): string | null {
  if (!value) return null;
  const dot = value.lastIndexOf('.');
  if (dot <= 0) return null;
  const id = value.slice(0, dot);
  const given = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(secret, id));
  return given.length === expected.length && timingSafeEqual(given, expected) ? id : null;
}

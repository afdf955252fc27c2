import { randomUUID } from 'node:crypto';
import type { HostPublic } from '~/lib/host-schema';
import type { Db } from '../db';

// The fleet registry: hosts and the secrets to reach them, in the dashboard's
// SQLite file. Tokens stay on this side; `toPublic` is what leaves.

export interface HostRecord {
  id: string;
  name: string;
  address: string;
  token: string;
  tlsCa: string | null;
  source: 'manual' | 'lab';
  createdAt: number;
}

type Row = {
  id: string;
  name: string;
  address: string;
  token: string;
  tls_ca: string | null;
  source: string;
  created_at: number;
};

const fromRow = (r: Row): HostRecord => ({
  id: r.id,
  name: r.name,
  address: r.address,
  token: r.token,
  tlsCa: r.tls_ca,
  source: r.source === 'lab' ? 'lab' : 'manual',
  createdAt: r.created_at,
});

/** A host without its secrets. */
export const toPublic = (h: HostRecord): HostPublic => ({
  id: h.id,
  name: h.name,
  address: h.address,
  hasTlsCa: h.tlsCa !== null,
  source: h.source,
});

/** Every host, by name. */
export const listHosts = (db: Db): HostRecord[] =>
  (db.prepare('SELECT * FROM hosts ORDER BY name').all() as Row[]).map(fromRow);

/** One host by id, or null. */
export function getHost(db: Db, id: string): HostRecord | null {
  const row = db.prepare('SELECT * FROM hosts WHERE id = ?').get(id) as Row | undefined;
  return row ? fromRow(row) : null;
}

/** One host by name, or null. */
export function getHostByName(db: Db, name: string): HostRecord | null {
  const row = db.prepare('SELECT * FROM hosts WHERE name = ?').get(name) as Row | undefined;
  return row ? fromRow(row) : null;
}

export interface NewHost {
  name: string;
  address: string;
  token: string;
  tlsCa?: string | null | undefined;
  source?: 'manual' | 'lab';
}

/** Adds a host; the name must be free (see `NameTakenError`). */
export function addHost(db: Db, host: NewHost, now = Date.now()): HostRecord {
  if (getHostByName(db, host.name)) throw new NameTakenError(host.name);
  const record: HostRecord = {
    id: randomUUID(),
    name: host.name,
    address: host.address,
    token: host.token,
    tlsCa: host.tlsCa || null,
    source: host.source ?? 'manual',
    createdAt: now,
  };
  db.prepare(
    'INSERT INTO hosts (id, name, address, token, tls_ca, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(
    record.id,
    record.name,
    record.address,
    record.token,
    record.tlsCa,
    record.source,
    record.createdAt,
  );
  return record;
}

/** Changes a host; an empty or missing token keeps the stored one. Returns null when the id is unknown. */
export function updateHost(
  db: Db,
  id: string,
  patch: {
    name: string;
    address: string;
    token?: string | undefined;
    tlsCa?: string | null | undefined;
  },
): HostRecord | null {
  const current = getHost(db, id);
  if (!current) return null;
  const other = getHostByName(db, patch.name);
  if (other && other.id !== id) throw new NameTakenError(patch.name);
  const next: HostRecord = {
    ...current,
    name: patch.name,
    address: patch.address,
    token: patch.token || current.token,
    tlsCa: patch.tlsCa || null,
  };
  db.prepare('UPDATE hosts SET name = ?, address = ?, token = ?, tls_ca = ? WHERE id = ?').run(
    next.name,
    next.address,
    next.token,
    next.tlsCa,
    id,
  );
  return next;
}

/** Removes a host; false when it was not there. */
export const removeHost = (db: Db, id: string): boolean =>
  db.prepare('DELETE FROM hosts WHERE id = ?').run(id).changes > 0;

/** Refused add/edit: the name belongs to another host. */
export class NameTakenError extends Error {
  override readonly name = 'NameTakenError';
  readonly path = ['name'];
  constructor(readonly hostName: string) {
    super(
      `A host named "${hostName}" is already registered. Pick another name, or edit that host.`,
    );
  }
}

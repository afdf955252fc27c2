import { describe, expect, it } from 'vitest';
import {
  createSession,
  deleteSession,
  findSession,
  pruneSessions,
  sealSessionId,
  unsealSessionId,
} from '../src/server/auth/sessions';
import { openDb } from '../src/server/db';

describe('sessions', () => {
  it('finds a live session and forgets it after expiry', () => {
    const db = openDb(':memory:');
    const s = createSession(db, { ttlMs: 1000, now: 10_000 });
    expect(findSession(db, s.id, 10_999)).toEqual(s);
    expect(findSession(db, s.id, 11_000)).toBeNull();
    // the expired row is gone, not just hidden
    expect(findSession(db, s.id, 0)).toBeNull();
  });

  it('ends a session on logout and prunes expired ones', () => {
    const db = openDb(':memory:');
    const a = createSession(db, { ttlMs: 1000, now: 0 });
    const b = createSession(db, { ttlMs: 5000, now: 0 });
    deleteSession(db, a.id);
    expect(findSession(db, a.id, 1)).toBeNull();
    expect(pruneSessions(db, 6000)).toBe(1);
    expect(findSession(db, b.id, 1)).toBeNull();
  });

  it('makes unguessable ids', () => {
    const db = openDb(':memory:');
    const ids = new Set(Array.from({ length: 50 }, () => createSession(db, { ttlMs: 1 }).id));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id.length).toBeGreaterThanOrEqual(43);
  });

  it('refuses a cookie whose signature does not match', () => {
    const sealed = sealSessionId('secret-1', 'abc');
    expect(unsealSessionId('secret-1', sealed)).toBe('abc');
    expect(unsealSessionId('secret-2', sealed)).toBeNull();
    expect(unsealSessionId('secret-1', `abd${sealed.slice(3)}`)).toBeNull();
    expect(unsealSessionId('secret-1', 'abc')).toBeNull();
    expect(unsealSessionId('secret-1', undefined)).toBeNull();
  });
});

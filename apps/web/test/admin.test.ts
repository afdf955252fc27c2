import { describe, expect, it } from 'vitest';
import { checkAdminPassword, ensureAdminPassword } from '../src/server/auth/admin';
import { openDb } from '../src/server/db';

describe('admin password', () => {
  it('generates one at first start, once, and stores only its hash', async () => {
    const db = openDb(':memory:');
    const generated = await ensureAdminPassword(db, undefined);
    expect(generated).toBeTruthy();
    expect(await ensureAdminPassword(db, undefined)).toBeNull();
    expect(await checkAdminPassword(db, generated ?? '')).toBe(true);
    const stored = JSON.stringify(db.prepare('SELECT * FROM settings').all());
    expect(stored).not.toContain(generated);
  });

  it('follows the environment variable when it changes', async () => {
    const db = openDb(':memory:');
    expect(await ensureAdminPassword(db, 'first-password')).toBeNull();
    expect(await checkAdminPassword(db, 'first-password')).toBe(true);
    await ensureAdminPassword(db, 'second-password');
    expect(await checkAdminPassword(db, 'first-password')).toBe(false);
    expect(await checkAdminPassword(db, 'second-password')).toBe(true);
  });
});

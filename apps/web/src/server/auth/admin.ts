import type { Db } from '../db';
import { generatePassword, hashPassword, verifyPassword } from './password';

// One admin credential. From the environment it is (re)hashed at every start,
// so changing the variable changes the password; otherwise the first start
// generates one and prints it once.

const KEY = 'admin_password_hash';

/** Stores the admin password hash; returns the generated password when one was made (to print), else null. */
export async function ensureAdminPassword(
  db: Db,
  configured: string | undefined,
): Promise<string | null> {
  const stored = readHash(db);
  if (configured) {
    if (!stored || !(await verifyPassword(configured, stored)))
      writeHash(db, await hashPassword(configured));
    return null;
  }
  if (stored) return null;
  const generated = generatePassword();
  writeHash(db, await hashPassword(generated));
  return generated;
}

/** True when `password` is the admin's. */
export async function checkAdminPassword(db: Db, password: string): Promise<boolean> {
  const stored = readHash(db);
  return stored ? verifyPassword(password, stored) : false;
}

function readHash(db: Db): string | undefined {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
    { value: string } | undefined;
  return row?.value;
}

function writeHash(db: Db, hash: string): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(KEY, hash);
}

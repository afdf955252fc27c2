import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The host's token: made once, kept in the state directory where only root can
// read it, and required on every connection.

/** Reads `<stateDir>/token`, creating it (32 random bytes, hex, mode 0600) on first start. */
export function ensureToken(stateDir: string): string {
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const file = join(stateDir, 'token');
  try {
    // 'wx' fails when the file exists, so two agents starting at once keep one token.
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const token = readFileSync(file, 'utf8').trim();
  if (!token)
    throw new Error(
      `token file ${file} is empty: delete it and restart the agent to make a new one`,
    );
  return token;
}

/** Constant-time comparison: compares buffers of equal length only, so timing reveals nothing but the length. */
export function tokenMatches(expected: string, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(presented, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a); // same work either way
    return false;
  }
  return timingSafeEqual(a, b);
}

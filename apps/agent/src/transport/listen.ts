import { chmodSync, existsSync, mkdirSync, unlinkSync } from 'node:fs';
import { connect, type Server } from 'node:net';
import { dirname } from 'node:path';

// Listening on the unix socket safely: a socket left by a crashed agent is
// removed, but a live agent's is not stolen; the socket is root-only (0600)
// from the moment it exists.

/** True when something accepts connections on `path`. */
function socketAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/** Listens on a unix socket with mode 0600, creating its directory and clearing a stale socket. */
export async function listenUnix(server: Server, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  if (existsSync(path)) {
    if (await socketAlive(path))
      throw new Error(
        `another agent is listening on ${path}: stop it first, or give --socket another path`,
      );
    unlinkSync(path);
  }
  // The umask covers the instant between bind() and chmod().
  const umask = process.umask(0o177);
  try {
    await listen(server, { path });
  } finally {
    process.umask(umask);
  }
  chmodSync(path, 0o600);
}

/** server.listen as a promise. */
export function listen(
  server: Server,
  where: { path: string } | { host: string; port: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(where, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** server.close as a promise (resolves when every connection has gone). */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

import type { InstalledRoute } from '@underlay/core';
import type { Db } from './db';

// The distributed routes this host installed, as last set: kept across
// restarts so the agent can tell its routes from anyone else's, report the
// ones the kernel lost, and put them back.

/** Every installed distributed route, in the order they were set. */
export function listInstalledRoutes(db: Db): InstalledRoute[] {
  const rows = db.prepare('SELECT json FROM installed_routes ORDER BY rowid').all() as {
    json: string;
  }[];
  return rows.map((r) => JSON.parse(r.json) as InstalledRoute);
}

/** Replaces the whole set in one transaction. */
export function replaceInstalledRoutes(db: Db, routes: readonly InstalledRoute[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM installed_routes').run();
    const insert = db.prepare('INSERT INTO installed_routes (family, dst, json) VALUES (?, ?, ?)');
    for (const r of routes) insert.run(r.family, r.dst, JSON.stringify(r));
  })();
}

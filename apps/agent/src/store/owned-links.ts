import type { OwnedLink } from '@underlay/core';
import type { Db } from './db';

// Links the agent created on the host (VLAN sub-interfaces, dummies) and the
// networks that use each: a link is deleted only when its last network goes.

/** Every owned link with its users. */
export function listOwnedLinks(db: Db): OwnedLink[] {
  const rows = db
    .prepare('SELECT name, kind, network_ids FROM owned_links ORDER BY name')
    .all() as { name: string; kind: OwnedLink['kind']; network_ids: string }[];
  return rows.map((r) => ({
    name: r.name,
    kind: r.kind,
    networkIds: JSON.parse(r.network_ids) as string[],
  }));
}

/** Adds a network to a link's users, recording the link as owned when new. */
export function retainOwnedLink(
  db: Db,
  link: { name: string; kind: OwnedLink['kind']; networkId: string },
): void {
  const current = listOwnedLinks(db).find((l) => l.name === link.name);
  const users = new Set(current?.networkIds ?? []);
  users.add(link.networkId);
  db.prepare(
    'INSERT INTO owned_links (name, kind, network_ids) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET network_ids = excluded.network_ids',
  ).run(link.name, current?.kind ?? link.kind, JSON.stringify([...users]));
}

/** Removes a network from a link's users; returns how many users remain (the row goes at zero). */
export function releaseOwnedLink(db: Db, link: { name: string; networkId: string }): number {
  const current = listOwnedLinks(db).find((l) => l.name === link.name);
  if (!current) return 0;
  const users = current.networkIds.filter((id) => id !== link.networkId);
  if (users.length === 0) db.prepare('DELETE FROM owned_links WHERE name = ?').run(link.name);
  else
    db.prepare('UPDATE owned_links SET network_ids = ? WHERE name = ?').run(
      JSON.stringify(users),
      link.name,
    );
  return users.length;
}

import type { Db } from './db';

// What the Docker plugin keeps beside the agent's own records: Docker's IPAM
// pools, the addresses handed out from them, and Docker's endpoints (which
// live in Docker's sandboxes, not in namespaces underlay names). The tables
// come with the agent's migrations (store/migrations.ts, version 5).

/** A pool handed to Docker by RequestPool; bound to a network by CreateNetwork. */
export interface DockerPool {
  id: string;
  pool: string;
  subPool: string;
  v6: boolean;
  networkId: string | null;
}

/** A Docker endpoint: its addresses (`addr/prefix`), whether the plugin allocated them itself, and its link once joined. */
export interface DockerEndpoint {
  id: string;
  networkId: string;
  ipv4Address?: string;
  ipv6Address?: string;
  /** The addresses Docker's own IPAM chose, which CreateEndpoint reserved here (the IPAM driver's are held by their pool). */
  owned: ('ipv4Address' | 'ipv6Address')[];
  srcName?: string;
  sandboxKey?: string;
  created: string;
}

interface PoolRow {
  id: string;
  pool: string;
  sub_pool: string;
  v6: number;
  network_id: string | null;
}

const toPool = (r: PoolRow): DockerPool => ({
  id: r.id,
  pool: r.pool,
  subPool: r.sub_pool,
  v6: r.v6 === 1,
  networkId: r.network_id,
});

/** One pool by id. */
export function getPool(db: Db, id: string): DockerPool | undefined {
  const row = db.prepare('SELECT * FROM docker_pools WHERE id = ?').get(id) as PoolRow | undefined;
  return row ? toPool(row) : undefined;
}

/** Every pool. */
export function listPools(db: Db): DockerPool[] {
  return (db.prepare('SELECT * FROM docker_pools').all() as PoolRow[]).map(toPool);
}

/** Records a pool (no-op when it exists: RequestPool is idempotent). */
export function savePool(db: Db, pool: DockerPool): void {
  db.prepare(
    'INSERT OR IGNORE INTO docker_pools (id, pool, sub_pool, v6, network_id) VALUES (?, ?, ?, ?, ?)',
  ).run(pool.id, pool.pool, pool.subPool, pool.v6 ? 1 : 0, pool.networkId);
}

/** Binds a pool to the network CreateNetwork made with it (null unbinds). */
export function bindPool(db: Db, id: string, networkId: string | null): void {
  db.prepare('UPDATE docker_pools SET network_id = ? WHERE id = ?').run(networkId, id);
}

/** Forgets a pool and the addresses held in it. */
export function deletePool(db: Db, id: string): void {
  db.transaction(() => {
    db.prepare('DELETE FROM docker_addresses WHERE pool_id = ?').run(id);
    db.prepare('DELETE FROM docker_pools WHERE id = ?').run(id);
  })();
}

/** The addresses RequestAddress handed out of a pool (plain, no prefix). */
export function poolAddresses(db: Db, poolId: string): string[] {
  return (
    db.prepare('SELECT address FROM docker_addresses WHERE pool_id = ?').all(poolId) as {
      address: string;
    }[]
  ).map((r) => r.address);
}

/** Records an address handed out of a pool. */
export function holdAddress(db: Db, poolId: string, address: string): void {
  db.prepare('INSERT OR IGNORE INTO docker_addresses (pool_id, address) VALUES (?, ?)').run(
    poolId,
    address,
  );
}

/** Forgets an address; true when it was held. */
export function dropAddress(db: Db, poolId: string, address: string): boolean {
  return (
    db
      .prepare('DELETE FROM docker_addresses WHERE pool_id = ? AND address = ?')
      .run(poolId, address).changes > 0
  );
}

/** One Docker endpoint. */
export function getDockerEndpoint(db: Db, id: string): DockerEndpoint | undefined {
  const row = db.prepare('SELECT json FROM docker_endpoints WHERE id = ?').get(id) as
    { json: string } | undefined;
  return row ? (JSON.parse(row.json) as DockerEndpoint) : undefined;
}

/** Docker endpoints, of one network or all. */
export function listDockerEndpoints(db: Db, networkId?: string): DockerEndpoint[] {
  const rows = (
    networkId === undefined
      ? db.prepare('SELECT json FROM docker_endpoints').all()
      : db.prepare('SELECT json FROM docker_endpoints WHERE network_id = ?').all(networkId)
  ) as { json: string }[];
  return rows.map((r) => JSON.parse(r.json) as DockerEndpoint);
}

/** Records (or replaces) a Docker endpoint. */
export function saveDockerEndpoint(db: Db, endpoint: DockerEndpoint): void {
  db.prepare('INSERT OR REPLACE INTO docker_endpoints (id, network_id, json) VALUES (?, ?, ?)').run(
    endpoint.id,
    endpoint.networkId,
    JSON.stringify(endpoint),
  );
}

/** Forgets a Docker endpoint. */
export function deleteDockerEndpoint(db: Db, id: string): void {
  db.prepare('DELETE FROM docker_endpoints WHERE id = ?').run(id);
}

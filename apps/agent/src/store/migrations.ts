// Versioned schema: each entry moves the database from version i to i + 1,
// tracked in SQLite's `user_version`. Never edit a shipped entry; append one.

/** The DDL of each version, in order. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE networks (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    json TEXT NOT NULL
  );
  CREATE TABLE containers (
    name   TEXT PRIMARY KEY,
    origin TEXT NOT NULL CHECK (origin IN ('created', 'attached')),
    json   TEXT NOT NULL
  );
  CREATE TABLE endpoints (
    id         TEXT PRIMARY KEY,
    network_id TEXT NOT NULL REFERENCES networks(id),
    container  TEXT NOT NULL,
    json       TEXT NOT NULL,
    UNIQUE (network_id, container)
  );
  CREATE TABLE allocations (
    network_id  TEXT NOT NULL REFERENCES networks(id),
    endpoint_id TEXT NOT NULL REFERENCES endpoints(id) ON DELETE CASCADE,
    family      INTEGER NOT NULL CHECK (family IN (4, 6)),
    address     TEXT NOT NULL,
    PRIMARY KEY (network_id, address)
  );
  CREATE TABLE owned_links (
    name        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('vlan', 'dummy')),
    network_ids TEXT NOT NULL
  );
  CREATE TABLE events (
    id   INTEGER PRIMARY KEY AUTOINCREMENT,
    json TEXT NOT NULL
  );
  `,
  // 2: host shims (-o host_shim=true): one row per network holding a share of its parent's shim.
  `
  CREATE TABLE host_shims (
    network_id TEXT PRIMARY KEY REFERENCES networks(id),
    parent     TEXT NOT NULL,
    ifname     TEXT NOT NULL,
    json       TEXT NOT NULL
  );
  `,
  // 3: distributed routes this host installed (route distribution between hosts).
  `
  CREATE TABLE installed_routes (
    family INTEGER NOT NULL CHECK (family IN (4, 6)),
    dst    TEXT NOT NULL,
    json   TEXT NOT NULL,
    PRIMARY KEY (family, dst)
  );
  `,
  // 4: agent settings set through the API (BGP), one JSON value per key.
  `
  CREATE TABLE settings (
    key  TEXT PRIMARY KEY,
    json TEXT NOT NULL
  );
  `,
  // 5: the intent journal: one row per operation whose kernel steps are under way (see store/journal.ts).
  `
  CREATE TABLE IF NOT EXISTS journal (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    operation TEXT NOT NULL,
    recovery  TEXT NOT NULL CHECK (recovery IN ('undo', 'finish')),
    refs      TEXT NOT NULL,
    steps     TEXT NOT NULL,
    done      INTEGER NOT NULL DEFAULT 0,
    begun     INTEGER NOT NULL DEFAULT 0,
    started   TEXT NOT NULL
  );
  `,
  // 6: the Docker plugin's records (store/docker.ts): Docker's IPAM pools, the
  // addresses handed out from them, Docker's endpoints. IF NOT EXISTS: agents
  // before this version made them themselves at start.
  `
  CREATE TABLE IF NOT EXISTS docker_pools (
    id         TEXT PRIMARY KEY,
    pool       TEXT NOT NULL,
    sub_pool   TEXT NOT NULL,
    v6         INTEGER NOT NULL,
    network_id TEXT
  );
  CREATE TABLE IF NOT EXISTS docker_addresses (
    pool_id TEXT NOT NULL,
    address TEXT NOT NULL,
    PRIMARY KEY (pool_id, address)
  );
  CREATE TABLE IF NOT EXISTS docker_endpoints (
    id         TEXT PRIMARY KEY,
    network_id TEXT NOT NULL,
    json       TEXT NOT NULL
  );
  `,
];

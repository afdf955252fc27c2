import { chmodSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import {
  createHubStoreHandler,
  serveFetchHandler,
  SqliteFleetStore,
} from '@underlay/fleet-store/hub';
import type { Db } from '../db';
import { storeTokenHost } from './store-tokens';

// The hub's fleet store (issue 15's embedded default): a SQLite file of its
// own in the data dir, `fleet-store.sqlite`, beside `web.sqlite`. Its own
// file because the store takes a write lock per claim (BEGIN IMMEDIATE) and
// keeps etcd's model in its own three tables: claims never wait on a login
// or a session write, and the leases can be backed up or moved on their own.
// Agents reach it at /api/fleet-store/v1/* on the dashboard's port, and on a
// unix socket that the lab relays to 192.0.2.1 for its guests.

export interface HubStore {
  store: SqliteFleetStore;
  handler: (req: Request) => Promise<Response>;
  /** Also serves the endpoint on a unix socket (mode 0600, replaced when present). */
  listenOnSocket(path: string): Promise<void>;
  close(): Promise<void>;
}

/** Opens the hub's store in `dataDir` (`:memory:` for tests) and its handler. */
export function openHubStore(db: Db, dataDir: string): HubStore {
  const store = new SqliteFleetStore(
    dataDir === ':memory:' ? ':memory:' : join(dataDir, 'fleet-store.sqlite'),
  );
  const handler = createHubStoreHandler({
    store,
    authenticate: (token) => storeTokenHost(db, token),
  });
  const servers: Server[] = [];
  return {
    store,
    handler,
    listenOnSocket: async (path) => {
      rmSync(path, { force: true });
      const server = serveFetchHandler(handler);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, resolve);
      });
      chmodSync(path, 0o600);
      servers.push(server);
    },
    close: async () => {
      for (const server of servers) {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
      await store.close();
    },
  };
}

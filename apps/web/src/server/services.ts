import { env, type WebEnv } from '~/env';
import { ensureAdminPassword } from './auth/admin';
import { createLoginThrottle, type LoginThrottle } from './auth/login-throttle';
import { ensureSessionSecret } from './auth/secret';
import { openDb, type Db } from './db';
import { Hub } from './fleet/hub';
import { openHubStore, type HubStore } from './fleet/hub-store';
import { mintStoreToken } from './fleet/store-tokens';
import { startRouteDistribution, type RouteDistribution } from './fleet/route-service';

/** How long the first pages may wait for the registered hosts' first answers (an unreachable one costs this once). */
const FIRST_ANSWER_WAIT_MS = 1000;

// The server's long-lived pieces, made once per process. Kept on globalThis
// because Next's dev server reloads modules and must not open a second
// database or a second set of agent links.

export interface Services {
  env: WebEnv;
  db: Db;
  secret: string;
  hub: Hub;
  hubStore: HubStore;
  /** Redistributes L3 routes between hosts on the hub's events. */
  routes: RouteDistribution;
  loginThrottle: LoginThrottle;
}

/** The fleet store, the hub's links (opened here) and route distribution. */
async function startHub(
  db: Db,
  settings: WebEnv,
  log: (line: string) => void,
): Promise<Pick<Services, 'hub' | 'hubStore' | 'routes'>> {
  const hubStore = openHubStore(db, settings.dataDir);
  if (settings.fleetStoreSocket) await hubStore.listenOnSocket(settings.fleetStoreSocket);
  const url = settings.fleetStoreUrl;
  log(
    url
      ? `underlay hub: fleet store ${hubStore.store.where}, given to agents as ${url}`
      : `underlay hub: fleet store ${hubStore.store.where} at /api/fleet-store/v1; agents are not pointed at it (set UNDERLAY_FLEET_STORE_URL)`,
  );
  const fleetStore = url ? { url, mint: (id: string) => mintStoreToken(db, id), log } : undefined;
  const hub = new Hub({ db, fleetStore });
  const routes = startRouteDistribution(db, hub, { log });
  hub.start(FIRST_ANSWER_WAIT_MS);
  return { hub, hubStore, routes };
}

/** Opens the database, secures the admin login, connects the fleet. */
export async function createServices(
  settings: WebEnv,
  log: (line: string) => void = console.log,
): Promise<Services> {
  const db = openDb(settings.dataDir);
  const secret = ensureSessionSecret(settings.dataDir);
  // The password's scrypt runs on libuv's pool while the hub's links open:
  // the first answer waits for the two together, not one after the other.
  const password = ensureAdminPassword(db, settings.adminPassword);
  password.catch(() => {}); // awaited below; a failure of startHub must not leave it unhandled
  const { hub, hubStore, routes } = await startHub(db, settings, log);
  const generated = await password.catch(async (error: unknown) => {
    routes.stop();
    await hub.stop();
    await hubStore.close();
    throw error;
  });
  if (generated)
    log(`underlay dashboard: first start, admin password generated (shown once): ${generated}`);
  return { env: settings, db, secret, hub, hubStore, routes, loginThrottle: createLoginThrottle() };
}

const holder = globalThis as unknown as { __underlayServices?: Promise<Services> };

/** The process's services. */
export function services(): Promise<Services> {
  holder.__underlayServices ??= createServices(env());
  return holder.__underlayServices;
}

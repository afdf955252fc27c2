// The hub's store for the bench as the agents meet it: a separate process
// (test/fixtures/hub-serve.ts: the real handler over a SQLite file) on
// 127.0.0.1, reached through the HTTP client.
import { createServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import {
  createHubStore,
  createHubStoreHandler,
  type FleetStore,
  serveFetchHandler,
  SqliteFleetStore,
} from '../src';

const TOKEN = 'bench-hub-token-0123456789abcdef';

/** Starts the hub process on a free port over `path`; `stop` kills it. */
export async function startHubProcess(
  path: string,
): Promise<{ store: FleetStore; stop: () => Promise<void> }> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  const child = execa(
    'node',
    [
      '--import',
      'tsx',
      fileURLToPath(new URL('../test/fixtures/hub-serve.ts', import.meta.url)),
      path,
      String(port),
      TOKEN,
    ],
    { reject: false, cwd: fileURLToPath(new URL('..', import.meta.url)) },
  );
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    void child.then((result) => reject(new Error(`hub exited: ${String(result.stderr)}`)));
  });
  // A hub that dies during the bench says why (its stderr), instead of only "unreachable".
  void child.then((result) => {
    if (result.signal !== 'SIGTERM') console.error(`hub process ended: ${String(result.stderr)}`);
  });
  return {
    store: reportingFailures(
      createHubStore({ url: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: 30_000 }),
    ),
    stop: async () => {
      child.kill('SIGTERM');
      await child;
    },
  };
}

/** The same handler on a node:http server in this process: HTTP's own cost, without a second process to schedule. */
export async function startHubInProcess(
  path: string,
): Promise<{ store: FleetStore; stop: () => Promise<void> }> {
  const sqlite = new SqliteFleetStore(path);
  const server = serveFetchHandler(
    createHubStoreHandler({ store: sqlite, authenticate: (t) => (t === TOKEN ? 'bench' : null) }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    store: createHubStore({ url: `http://127.0.0.1:${port}`, token: TOKEN, timeoutMs: 30_000 }),
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sqlite.close();
    },
  };
}

/** The segment client keeps only "unreachable since …": print the store's own reason once. */
function reportingFailures(store: FleetStore): FleetStore {
  let reported = false;
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } catch (error) {
          if (!reported) console.error(`hub store call ${String(property)} failed:`, error);
          reported = true;
          throw error;
        }
      };
    },
  });
}

import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { blocksPrefix, type FleetStoreConfig, parseBlockRecord } from '@underlay/core';
import { SqliteFleetStore } from '@underlay/fleet-store/hub';
import type { Lab } from '@underlay/lab';

// The hub's SQLite fleet store as the agents in the lab meet it under
// `npm start`: served on the lab's hub socket (the relay exposes it to the
// guests on 192.0.2.1:7480), each host with its own bearer token. It runs as
// a separate process (hub-store-serve.ts) so a test can kill -9 it and start
// it again on the same file.

/** One block record as the store holds it. */
export interface StoredBlock {
  block: string;
  host: string;
  lease: string | undefined;
}

/** The hub's store process and what the tests ask of it. */
export interface HubStoreProcess {
  /** The configure call that points `host`'s agent at this store. */
  config(host: string): FleetStoreConfig;
  /** Arms a kill -9 of the hub right after it commits the next claim of a free block. */
  armKillAfterClaim(): Promise<void>;
  /** Resolves when the process has ended (by a kill or stop). */
  exited(): Promise<{ signal?: string }>;
  /** Starts it again on the same file (after a kill). */
  restart(): Promise<void>;
  /** The block records of a segment whose id contains `match`, read from the SQLite file. */
  blocks(match: string): Promise<StoredBlock[]>;
  stop(): Promise<void>;
}

const serve = fileURLToPath(new URL('./hub-store-serve.ts', import.meta.url));
const cwd = fileURLToPath(new URL('../..', import.meta.url));

/** Starts the hub's store on `lab.hubSocket` over `path`, with a token per host. */
export async function startHubStore(
  lab: Lab,
  path: string,
  hosts: string[],
): Promise<HubStoreProcess> {
  const tokenOf = new Map(hosts.map((h) => [h, `lab-${h}-${randomBytes(12).toString('hex')}`]));
  const tokens = JSON.stringify(Object.fromEntries([...tokenOf].map(([h, t]) => [t, h])));
  let child: ChildProcess;
  let ended: Promise<{ signal?: string; stderr: string }>;
  const start = async () => {
    child = spawn(process.execPath, ['--import', 'tsx', serve, path, lab.hubSocket, tokens], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    ended = new Promise((resolve) =>
      child.on('exit', (_code, signal) => resolve({ ...(signal ? { signal } : {}), stderr })),
    );
    await waitForLine(child, ended, 'ready');
  };
  await start();
  return {
    config: (host) => ({ kind: 'hub', url: lab.hubStoreUrl, token: tokenOf.get(host)! }),
    async armKillAfterClaim() {
      const armed = waitForLine(child, ended, 'armed');
      child.kill('SIGUSR2');
      await armed;
    },
    exited: async () => {
      const { signal } = await ended;
      return signal ? { signal } : {};
    },
    restart: start,
    async blocks(match) {
      const store = new SqliteFleetStore(path);
      try {
        const all = await store.list('/underlay/v1/segments/');
        const segment = all.kvs
          .map((kv) => /^\/underlay\/v1\/segments\/([^/]+)\/meta$/.exec(kv.key)?.[1])
          .find((id) => id?.includes(match));
        if (!segment) return [];
        const prefix = blocksPrefix(segment);
        return all.kvs
          .filter((kv) => kv.key.startsWith(prefix))
          .map((kv) => ({
            block: kv.key.slice(prefix.length).replace('_', '/'),
            host: parseBlockRecord(kv.value).host,
            lease: kv.lease,
          }));
      } finally {
        await store.close();
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await ended;
    },
  };
}

/** Waits for `line` on the child's stdout; fails with its stderr when it exits first. */
function waitForLine(
  child: ChildProcess,
  ended: Promise<{ stderr: string }>,
  line: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes(line)) resolve();
    });
    void ended.then(({ stderr }) =>
      reject(new Error(`hub store process ended before "${line}": ${stderr}`)),
    );
  });
}

// kill -9 of the hub (a real process serving its SQLite store over HTTP) in
// the middle of a host's claims through the HTTP client: the claim in flight
// fails as UNREACHABLE naming the hub, no block is held by two hosts, and
// when the host opens again after the hub's restart every block recorded
// for it (including one the hub committed but never answered) is its own
// again, on its new lease.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blocksPrefix, formatAddress, parseBlockRecord } from '@underlay/core';
import { execa, type ResultPromise } from 'execa';
import { afterAll, expect, it } from 'vitest';
import {
  createHubStore,
  type FleetStore,
  FleetStoreError,
  HostLease,
  SegmentClient,
  SqliteFleetStore,
} from '../src';

const dir = mkdtempSync(join(tmpdir(), 'fleet-hub-kill-'));
const children: ResultPromise[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});
const serve = fileURLToPath(new URL('./fixtures/hub-serve.ts', import.meta.url));
const TOKEN = 'hub-kill-test-token-0123456789';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Starts the hub process on `port` and waits for "ready" (wrapped: an execa child is a thenable). */
async function startHub(path: string, port: number): Promise<{ child: ResultPromise }> {
  const child = execa('node', ['--import', 'tsx', serve, path, String(port), TOKEN], {
    reject: false,
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    void child.then((result) => reject(new Error(`hub exited: ${String(result.stderr)}`)));
  });
  return { child };
}

const client = (store: FleetStore, host: string) =>
  new SegmentClient({
    store,
    lease: new HostLease(store, 3600),
    host,
    segment: 'kill',
    subnet: '10.88.0.0/22',
    blockPrefix: 32,
  });

it('kill -9 of the hub mid-claim: the claim fails naming the hub, no block of two hosts, all re-adopted after restart', async () => {
  const path = join(dir, 'hub-store.sqlite');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child: hub } = await startHub(path, port);
  const store = createHubStore({ url, token: TOKEN, timeoutMs: 2_000 });
  const a = client(store, 'host-a');
  await a.open();
  // Blocks of one address: every allocation is a claim, so the kill lands in one.
  const granted: string[] = [];
  const target = 40 + Math.floor(Math.random() * 40);
  let failure: unknown;
  const loop = (async () => {
    try {
      for (;;) granted.push(formatAddress({ family: 4, value: await a.allocate() }));
    } catch (error) {
      failure = error;
    }
  })();
  while (granted.length < target && failure === undefined)
    await new Promise((resolve) => setTimeout(resolve, 1));
  hub.kill('SIGKILL');
  expect((await hub).signal).toBe('SIGKILL');
  await loop;
  expect(failure).toMatchObject({ issues: [{ code: 'FLEET_STORE_UNREACHABLE' }] });
  expect(String((failure as Error).message)).toContain(`hub at ${url}`);

  // The hub's file after the kill: every block is host-a's, every granted address is recorded.
  const direct = new SqliteFleetStore(path);
  const recorded = (await direct.list(blocksPrefix('kill'))).kvs;
  await direct.close();
  const deadLease = recorded[0]!.lease;
  expect(recorded.every((kv) => parseBlockRecord(kv.value).host === 'host-a')).toBe(true);
  expect(recorded.length).toBeGreaterThanOrEqual(granted.length);
  expect(recorded.length).toBeLessThanOrEqual(granted.length + 1);

  // The hub restarts on the same file and port.
  await startHub(path, port);
  const b = client(store, 'host-b');
  await b.open();
  const bAddresses: string[] = [];
  for (let i = 0; i < 30; i++)
    bAddresses.push(formatAddress({ family: 4, value: await b.allocate() }));
  expect(bAddresses.filter((address) => granted.includes(address))).toEqual([]);
  // host-a opens again (its agent restarted): every block recorded for it is back, on its new lease.
  const again = client(store, 'host-a');
  await again.open();
  const after = (await store.list(blocksPrefix('kill'))).kvs.filter(
    (kv) => parseBlockRecord(kv.value).host === 'host-a',
  );
  expect(after).toHaveLength(recorded.length);
  expect(after.every((kv) => kv.lease !== deadLease)).toBe(true);
  expect(again.blocks.filter((block) => block.status === 'held')).toHaveLength(recorded.length);
  expect(failure).not.toBeInstanceOf(FleetStoreError);
}, 60_000);

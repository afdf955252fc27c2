// etcd in the lab's namespace on the management bridge (192.0.2.1), reached
// by clients running in three guests at once over the lab network: the path
// every agent will take to the store. Addresses here are the allocator's
// answers (no containers yet: the agent does not use the store so far).
import { fileURLToPath } from 'node:url';
import { attachLab, type Lab } from '@underlay/lab';
import type {} from '@underlay/lab/vitest-global-setup';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { type EtcdServer, startEtcd } from '../../src/etcd-server';

const entry = fileURLToPath(new URL('./guest-allocate.ts', import.meta.url));
// Guests run plain JavaScript (tsx's esbuild service does not start in a
// guest); the bundle lives under dist/, which the guests see read-only.
const bundle = fileURLToPath(new URL('../../dist/guest-allocate.mjs', import.meta.url));

let lab: Lab;
let etcd: EtcdServer;

beforeAll(async () => {
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    // etcd3 loads its .proto files from its package directory at run time.
    external: ['etcd3', 'cockatiel', 'better-sqlite3'],
  });
  lab = await attachLab({ name: inject('labName') ?? process.env.UNDERLAY_LAB_NAME! });
  etcd = await startEtcd({ host: '192.0.2.1', netns: lab.netns });
});

afterAll(async () => {
  await etcd?.stop();
});

interface GuestResult {
  addresses: string[];
  refusal: string | null;
}

async function allocateIn(
  host: string,
  count: number,
  staticAddress?: string,
): Promise<GuestResult> {
  const argv = ['/usr/bin/node', bundle, etcd.endpoint, host, String(count)];
  const result = await lab.host(host).exec(staticAddress ? [...argv, staticAddress] : argv, {
    timeoutMs: 90_000,
  });
  expect(result.stderr).toBe('');
  expect(result.exitCode).toBe(0);
  return JSON.parse(result.stdout) as GuestResult;
}

it('3 guests x 20 concurrent allocations against etcd on 192.0.2.1: 60 distinct addresses; a static address of host-a refused on host-b naming host-a', async () => {
  expect(etcd.endpoint).toBe('http://192.0.2.1:2379');
  const hosts = lab.hosts.slice(0, 3).map((h) => h.name);
  expect(hosts).toHaveLength(3);
  const results = await Promise.all(hosts.map((host) => allocateIn(host, 20)));
  const all = results.flatMap((r) => r.addresses);
  expect(all).toHaveLength(60);
  expect(new Set(all).size).toBe(60);
  expect(all).not.toContain('10.10.0.1');
  const taken = results[0]!.addresses[0]!;
  const second = await allocateIn(hosts[1]!, 1, taken);
  expect(second.refusal).toContain(`held by host ${hosts[0]}`);
  expect(second.refusal).toContain(taken);
});

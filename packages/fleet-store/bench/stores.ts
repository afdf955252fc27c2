// Claim round trips and the 100 hosts x 1,000 allocations simulation, against
// SQLite (a file, as the hub keeps it) and a real etcd started for the run
// on 127.0.0.1, and the hub's store (a separate process serving SQLite over
// HTTP, through the agents' HTTP client). The memory store gives the
// allocator's own cost beside them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  blocksPrefix,
  parseBlockRecord,
  parseCidr,
  blockIndexOf,
  blockGeometry,
} from '@underlay/core';
import {
  EtcdFleetStore,
  type FleetStore,
  HostLease,
  MemoryFleetStore,
  SegmentClient,
  SqliteFleetStore,
} from '../src';
import { startEtcd } from '../src/etcd-server';
import { startHubInProcess, startHubProcess } from './hub-process';
import { ms, quantile } from './stats';

const HOSTS = Number(process.env.FLEET_BENCH_HOSTS ?? 100);
const PER_HOST = Number(process.env.FLEET_BENCH_PER_HOST ?? 1_000);
const CLAIMS = 300;

async function client(
  store: FleetStore,
  host: string,
  segment: string,
  subnet: string,
  blockPrefix?: number,
) {
  const c = new SegmentClient({
    store,
    lease: new HostLease(store, 3600),
    host,
    segment,
    subnet,
    blockPrefix,
    reserved: {},
  });
  await c.open();
  return c;
}

/** Every allocation claims a block (blocks of one address): the claim's round trip, from a cached view. */
async function claimRoundTrip(name: string, store: FleetStore): Promise<void> {
  const c = await client(store, 'bench', `claims-${name}`, '10.200.0.0/16', 32);
  await c.allocate();
  const times: number[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const start = process.hrtime.bigint();
    await c.allocate();
    times.push(Number(process.hrtime.bigint() - start));
  }
  const read: number[] = [];
  for (let i = 0; i < 50; i++) {
    const start = process.hrtime.bigint();
    await c.refresh();
    read.push(Number(process.hrtime.bigint() - start));
  }
  console.log(
    `${name.padEnd(7)} claim (one txn): median ${ms(quantile(times, 0.5))} p95 ${ms(quantile(times, 0.95))}` +
      `   refresh (keep-alive + read of ${CLAIMS + 1} blocks): median ${ms(quantile(read, 0.5))}`,
  );
}

/** HOSTS async clients, each allocating PER_HOST addresses one after another, all at once. */
async function fleet(name: string, store: FleetStore): Promise<void> {
  const segment = `fleet-${name}`;
  const subnet = '10.64.0.0/14';
  const clients = await Promise.all(
    Array.from({ length: HOSTS }, (_, i) => client(store, `host-${i}`, segment, subnet)),
  );
  const start = process.hrtime.bigint();
  const results = await Promise.all(
    clients.map(async (c) => {
      const values: bigint[] = [];
      for (let i = 0; i < PER_HOST; i++) values.push(await c.allocate());
      return values;
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start);
  const all = results.flat();
  const duplicates = all.length - new Set(all).size;
  const claims = clients.reduce((n, c) => n + c.stats.claims, 0);
  const retries = clients.reduce((n, c) => n + c.stats.casRetries, 0);
  const misplaced = await misplacedAddresses(store, segment, subnet, results);
  console.log(
    `${name.padEnd(7)} ${all.length} allocations in ${ms(elapsed)}: ${Math.round(all.length / (elapsed / 1e9))}/s, ` +
      `${claims} claims, ${retries} CAS retries, ${duplicates} duplicates, ${misplaced} outside the host's own blocks`,
  );
  if (duplicates > 0 || misplaced > 0) throw new Error(`${name}: an address was handed out twice`);
}

/** Addresses whose block the store does not record as held by the host that handed them out. */
async function misplacedAddresses(
  store: FleetStore,
  segment: string,
  subnet: string,
  results: bigint[][],
): Promise<number> {
  const geometry = blockGeometry(subnet);
  const owners = new Map<bigint, string>();
  for (const kv of (await store.list(blocksPrefix(segment))).kvs) {
    const cidr = parseCidr(kv.key.slice(blocksPrefix(segment).length).replace('_', '/'))!;
    owners.set(blockIndexOf(geometry, cidr.network)!, parseBlockRecord(kv.value).host);
  }
  let misplaced = 0;
  results.forEach((values, i) => {
    for (const value of values)
      if (owners.get(blockIndexOf(geometry, value)!) !== `host-${i}`) misplaced++;
  });
  return misplaced;
}

// FLEET_BENCH_STORES=sqlite,hub runs only those (memory, sqlite, hub, etcd by
// default; `hub-local` is the hub's handler in this process, HTTP's own cost).
const WANTED = (process.env.FLEET_BENCH_STORES ?? 'memory,sqlite,hub,etcd').split(',');

export async function benchStores(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'fleet-bench-'));
  const etcd = WANTED.includes('etcd') ? await startEtcd() : null;
  const hub = WANTED.includes('hub') ? await startHubProcess(join(dir, 'hub-store.sqlite')) : null;
  const local = WANTED.includes('hub-local')
    ? await startHubInProcess(join(dir, 'hub-local.sqlite'))
    : null;
  const stores: [string, FleetStore][] = [
    ['memory', new MemoryFleetStore()],
    ['sqlite', new SqliteFleetStore(join(dir, 'fleet.db'))],
    ...(local ? [['hub-local', local.store] as [string, FleetStore]] : []),
    ...(hub ? [['hub', hub.store] as [string, FleetStore]] : []),
    ...(etcd
      ? [
          ['etcd', new EtcdFleetStore({ endpoint: etcd.endpoint, timeoutMs: 30_000 })] as [
            string,
            FleetStore,
          ],
        ]
      : []),
  ].filter(([name]) => WANTED.includes(name as string)) as [string, FleetStore][];
  try {
    console.log(`\n== claim round trip (${CLAIMS} claims, sequential)`);
    for (const [name, store] of stores) await claimRoundTrip(name, store);
    console.log(
      `\n== ${HOSTS} hosts x ${PER_HOST} allocations, hosts as async clients of one store (blocks of /28 in a /14)`,
    );
    for (const [name, store] of stores) await fleet(name, store);
  } finally {
    for (const [, store] of stores) await store.close();
    await hub?.stop();
    await local?.stop();
    await etcd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

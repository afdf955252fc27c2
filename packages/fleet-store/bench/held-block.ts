// Allocation inside a held block against today's local allocation, in the
// same run, interleaved round by round so both see the same machine.
import { Ipam } from '@underlay/core';
import { HostLease, MemoryFleetStore, SegmentClient } from '../src';
import { quantile, us } from './stats';

const N = 1_000;
const BATCH = 50;
const ROUNDS = 30;

function localNetwork(): Ipam {
  const ipam = new Ipam();
  ipam.addNetwork({
    id: 'n',
    name: 'n',
    ipv4: true,
    ipv6: false,
    subnets: [
      {
        family: 4,
        subnet: '10.0.0.0/16',
        gateway: '10.0.0.1',
        auxAddresses: {},
        fromDefaultPool: false,
      },
    ],
  });
  return ipam;
}

/** Per-operation times (ns), from batches of BATCH operations. */
async function timed(op: () => unknown | Promise<unknown>): Promise<number[]> {
  const perOp: number[] = [];
  for (let done = 0; done < N; done += BATCH) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) await op();
    perOp.push(Number(process.hrtime.bigint() - start) / BATCH);
  }
  return perOp;
}

/** A client holding enough blocks for N addresses, all free again. */
async function heldClient(): Promise<SegmentClient> {
  const store = new MemoryFleetStore();
  const client = new SegmentClient({
    store,
    lease: new HostLease(store, 3600),
    host: 'bench',
    segment: 'bench',
    subnet: '10.0.0.0/16',
    reserved: { '10.0.0.1': 'gateway' },
  });
  await client.open();
  const values: bigint[] = [];
  for (let i = 0; i < N; i++) values.push(await client.allocate());
  for (const value of values) client.release(value);
  return client;
}

export async function benchHeldBlock(): Promise<void> {
  const local: number[] = [];
  const fleet: number[] = [];
  const both: number[] = [];
  for (let round = -3; round < ROUNDS; round++) {
    const ipamA = localNetwork();
    const a = await timed(() => ipamA.allocateEndpoint({ network: 'n' }));
    const client = await heldClient();
    const b = await timed(() => client.allocate());
    const clientC = await heldClient();
    const ipamC = localNetwork();
    const c = await timed(async () => {
      // The agent records the address in its local Ipam too (as a static
      // address, by value: no text round trip).
      ipamC.pools('n')[0]!.allocateStatic(await clientC.allocate());
    });
    if (round < 0) continue; // warm-up
    local.push(...a);
    fleet.push(...b);
    both.push(...c);
  }
  const m = quantile(local, 0.5);
  console.log(
    `\n== allocation inside a held block vs local (${ROUNDS} rounds x ${N}, per op, batches of ${BATCH})`,
  );
  console.log(
    `local Ipam.allocateEndpoint:              median ${us(m)}  p95 ${us(quantile(local, 0.95))}`,
  );
  for (const [name, values] of [
    ['fleet SegmentClient.allocate (held):      ', fleet],
    ['fleet allocate + local record (agent path):', both],
  ] as const) {
    const median = quantile(values, 0.5);
    console.log(
      `${name} median ${us(median)}  p95 ${us(quantile(values, 0.95))}  ratio ${(median / m).toFixed(2)}x`,
    );
  }
}

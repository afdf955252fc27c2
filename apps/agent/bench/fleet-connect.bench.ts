// Benchmark (prints figures; not a test): the agent's real connect path
// (services.networks.connect: snapshot, validation, IPAM, plan, records,
// event) on a VLAN network, with a kernel stand-in so the kernel's time does
// not drown the difference, on two agents in one process: one with today's
// local IPAM, one allocating through fleet-IPAM blocks on an in-memory store.
// They take turns connect by connect, so a change in the machine's speed hits
// both. The first connect of the fleet agent (its block claim, the segment's
// opening) is outside the measured rounds: the figure is "allocation in a
// held block" against local allocation.
//   pnpm --filter @underlay/agent exec tsx bench/fleet-connect.bench.ts
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFleetStore } from '@underlay/fleet-store';
import pino from 'pino';
import { type RunningAgent, startAgent } from '../src/server/start-agent';
import { fakeKernel } from '../test/fake-kernel';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 12);
const PER_ROUND = 13; // one /28 holds 14 usable addresses: one is the warm-up
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function agent(dir: string, store?: MemoryFleetStore): Promise<RunningAgent> {
  const kernel = fakeKernel();
  const links = await kernel.hostLinks();
  kernel.hostLinks = async () => [
    ...links,
    { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10, mtu: 1500, up: true },
  ];
  const running = await startAgent(
    { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
    {
      kernel,
      logger: pino({ level: 'silent' }),
      reconcile: false,
      hostname: 'bench',
      ...(store ? { fleetStore: store } : {}),
    },
  );
  await running.services.networks.create({
    name: 'v10',
    options: { parent: 'eth0.10' },
    ipam: [{ subnet: '10.10.0.0/24', gateway: '10.10.0.1' }],
  });
  return running;
}

async function timed(a: RunningAgent, container: string): Promise<number> {
  await a.services.containers.create({ name: container });
  const start = process.hrtime.bigint();
  await a.services.networks.connect({ network: 'v10', container });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function main(): Promise<void> {
  const local: number[] = [];
  const fleet: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const dirs = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'underlay-fbench-')));
    const [plain, leased] = [await agent(dirs[0]!), await agent(dirs[1]!, new MemoryFleetStore())];
    await timed(plain, 'warm');
    await timed(leased, 'warm'); // claims the block
    for (let i = 0; i < PER_ROUND; i++) {
      local.push(await timed(plain, `c${i}`));
      fleet.push(await timed(leased, `c${i}`));
    }
    const status = leased.services.fleetStore.status();
    if (status.segments[0]?.blocks.length !== 1)
      throw new Error('the fleet agent claimed more than one block');
    await plain.close();
    await leased.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
  const [l, f] = [median(local), median(fleet)];
  console.log(`connect through the agent (kernel stand-in), ${local.length} each, interleaved:`);
  console.log(`  local IPAM         median ${l.toFixed(3)} ms`);
  console.log(
    `  fleet, held block  median ${f.toFixed(3)} ms  = ${(f / l).toFixed(2)}x (target <= 1.05x)`,
  );
}

await main();

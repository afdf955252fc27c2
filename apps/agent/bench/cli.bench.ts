// Benchmark (prints figures; not a test): how fast the `underlay` CLI starts,
// next to baselines measured in the same run, taking turns run by run so a
// change in the machine's speed hits all of them:
//   node -e 0                    vs  underlay --version
//   node bench/round-trip.mjs    vs  underlay network ls   (against a lab agent)
// round-trip.mjs is a node start plus one HTTP POST over the agent's socket
// with node:http (no tRPC client; the CLI's calls are HTTP too): the least any
// client pays for one answer. It is bundled by esbuild
// like the CLI, so both load one file, not node_modules' many. Targets: ≤ 1.3× each.
//   pnpm --filter @underlay/agent run bench:cli   (root; boots a 1-host lab)
// BENCH_RUNS (default 21) runs of each; UNDERLAY_LAB_NAME (default cli-bench).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startLab } from '@underlay/lab';
import { median, timedNode as timed } from './timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 21);
const LAB = process.env.UNDERLAY_LAB_NAME ?? 'cli-bench';
const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(agentDir, 'bin', 'underlay.cjs');

/** Retries `run` until it succeeds (the agent may still be starting). */
async function until<T>(run: () => Promise<T>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await run();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

const out = mkdtempSync(join(tmpdir(), 'cli-bench-'));
await build({
  entryPoints: [join(agentDir, 'bench', 'round-trip.mjs')],
  outfile: join(out, 'round-trip.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});
const lab = await startLab({ name: LAB, hosts: 1, agent: true });
try {
  const host = lab.host('host-a');
  // The agent writes its token at first start, which `startLab` does not wait for.
  const token = await until(async () => readFileSync(join(host.stateDir, 'token'), 'utf8').trim());
  const env = { UNDERLAY_HOST: host.agentSocket, UNDERLAY_TOKEN: token };
  const roundTrip = [join(out, 'round-trip.mjs'), host.agentSocket, token];
  await until(() => timed(roundTrip));
  // Two networks, so `ls` prints a table as people see it (dummy parents: no NIC needed).
  for (const [name, subnet] of [
    ['bench-a', '10.91.0.0/24'],
    ['bench-b', '10.92.0.0/24'],
  ] as const)
    await timed([bin, 'network', 'create', '-d', 'ipvlan', '--subnet', subnet, name], env);

  const runs = {
    node: [] as number[],
    version: [] as number[],
    trip: [] as number[],
    ls: [] as number[],
  };
  for (let i = 0; i < RUNS; i++) {
    runs.node.push(await timed(['-e', '0']));
    runs.version.push(await timed([bin, '--version']));
    runs.trip.push(await timed(roundTrip));
    runs.ls.push(await timed([bin, 'network', 'ls'], env));
  }
  const m = Object.fromEntries(Object.entries(runs).map(([k, v]) => [k, median(v)])) as Record<
    keyof typeof runs,
    number
  >;
  const row = (label: string, ms: number, base: number, baseLabel: string) =>
    `${label.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms   ${(ms / base).toFixed(2)}x ${baseLabel}`;
  console.log(`median of ${RUNS} runs each, taking turns (lab ${LAB}, 1 host):`);
  console.log(`${'node -e 0'.padEnd(24)} ${m.node.toFixed(0).padStart(5)} ms`);
  console.log(row('underlay --version', m.version, m.node, 'node -e 0        (target <= 1.30x)'));
  console.log(
    `${'node round-trip.mjs'.padEnd(24)} ${m.trip.toFixed(0).padStart(5)} ms   (node start + one agent round trip)`,
  );
  console.log(row('underlay network ls', m.ls, m.trip, 'round-trip.mjs   (target <= 1.30x)'));
} finally {
  await lab.down();
  rmSync(out, { recursive: true, force: true });
}

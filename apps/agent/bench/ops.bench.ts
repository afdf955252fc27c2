// Benchmark (prints figures; not a test): operations end to end, as the CLI
// user sees them. For each of `network create`, `container create`,
// `container rm` and `network rm`, the wall time of `underlay …` (this
// machine's node, through the lab's relay to the agent in a guest) next to
// the least anything can cost for the same kernel operations: a bare `node -e
// 0` on this machine plus a plain `ip -batch FILE` script doing the same
// kernel operations in the same guest (timed inside the guest by bash's
// $EPOCHREALTIME, in microseconds: /proc/uptime counts in steps too coarse
// for a run this short; docs/perf.md, operations end to end). Both are measured in the same run, taking turns op by op, so a
// change of load hits both sides; each phase's ratio is taken against the
// baselines measured in that phase. Each run starts after a pause (SETTLE_MS)
// that outlasts what the agent does after an op (its host lists are read
// again 100 ms after the link events stop): otherwise that tail shares the
// guest's one CPU with whichever run comes next, most often the script's.
// Printed twice:
//   - first call: the agent restarted, each op the first of its kind after
//     the agent answers (median of BENCH_FIRST restarts, default 5);
//   - steady state: median of BENCH_RUNS rounds (default 15).
// Target: each ≤ 1.3× its baseline.
//   pnpm --filter @underlay/agent bench:ops    (root; boots a 1-host lab)
// UNDERLAY_LAB_NAME (default ops-bench); BENCH_ATTACH=1 uses that lab as it is
// (already up with its agent) instead of booting it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachLab, runScript, startAgent, startLab, stopAgent, type LabHost } from '@underlay/lab';
import { loadAverage, median, timedNode as timed } from './timing';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const FIRST = Number(process.env.BENCH_FIRST ?? 5);
const LAB = process.env.UNDERLAY_LAB_NAME ?? 'ops-bench';
const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(agentDir, 'bin', 'underlay.cjs');
const SETTLE_MS = 400;
const settle = () => new Promise((r) => setTimeout(r, SETTLE_MS));
const OPS = ['network create', 'container create', 'container rm', 'network rm'] as const;
type Op = (typeof OPS)[number];

/** True when the agent answers on its relayed socket (it answers a plain request with 426). */
function answers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), 1500);
    socket.on('connect', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', () => done(true));
    socket.on('close', () => done(false));
    socket.on('error', () => done(false));
  });
}

async function waitForAgent(host: LabHost): Promise<number> {
  const start = performance.now();
  while (!(await answers(host.agentSocket))) await new Promise((r) => setTimeout(r, 100));
  return performance.now() - start;
}

/** Round `k`'s names: the agent's network nK on eth0.(200+k), container cK; the script's on a VLAN of its own. */
const cli = (op: Op, k: number): string[] => {
  switch (op) {
    case 'network create':
      return [
        'network',
        'create',
        '-o',
        `parent=eth0.${200 + k}`,
        '--subnet',
        `10.${100 + k}.0.0/24`,
        `n${k}`,
      ];
    case 'container create':
      return ['container', 'create', `c${k}`];
    case 'container rm':
      return ['container', 'rm', `c${k}`];
    case 'network rm':
      return ['network', 'rm', `n${k}`];
  }
};

// The script's kernel operations, as the agent runs them (one `ip -batch` per namespace): the VLAN parent made and
// set up, or deleted; the namespace added, then lo set up in it; the namespace deleted. Its VLAN links live in a
// sibling namespace with a dummy `eth0` (a VLAN on a dummy is the same kernel work), so the agent sees none of its
// link events (see connect.bench.ts for why that matters). Fixed text: no input reaches the shell.
const script = (op: Op, k: number): string => {
  const vid = 1200 + k;
  const batches: Record<Op, [lines: string[], netns: string][]> = {
    'network create': [
      [
        [`link add link eth0 name eth0.${vid} type vlan id ${vid}`, `link set dev eth0.${vid} up`],
        'opsbench',
      ],
    ],
    'network rm': [[[`link del dev eth0.${vid}`], 'opsbench']],
    'container create': [
      [[`netns add s${k}`], ''],
      [['link set dev lo up'], `s${k}`],
    ],
    'container rm': [[[`netns del s${k}`], '']],
  };
  // The batch files are written before the clock starts: the script's own cost is the ip runs alone.
  const write = batches[op].map(
    ([lines], i) => `printf '${lines.join('\\n')}\\n' > /tmp/ops-b${i}`,
  );
  const run = batches[op].map(([, ns], i) => `ip ${ns ? `-n ${ns} ` : ''}-batch /tmp/ops-b${i}`);
  return `${write.join('; ')}; s=$EPOCHREALTIME; ${run.join(' && ')} || exit 1; e=$EPOCHREALTIME; echo $s $e`;
};

/** One op by the script in the guest (ms, timed in the guest) plus a bare node start here. */
async function baseline(host: LabHost, op: Op, k: number): Promise<{ ip: number; node: number }> {
  await settle();
  // bash, for $EPOCHREALTIME (a builtin: reading the clock starts no process).
  const result = await host.exec(['bash', '-c', script(op, k)], { timeoutMs: 60_000 });
  if (result.exitCode !== 0)
    throw new Error(`${host.name}: the ${op} script failed: ${result.stderr.trim()}`);
  const [s, e] = result.stdout.trim().split(' ').map(Number) as [number, number];
  return { ip: (e - s) * 1000, node: await timed(['-e', '0']) };
}

const lab = BENCH_ATTACH() ? await attachLab({ name: LAB }) : await bootLab();
function BENCH_ATTACH(): boolean {
  return process.env.BENCH_ATTACH === '1';
}
async function bootLab() {
  execFileSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
  return startLab({ name: LAB, hosts: 1, agent: true });
}
try {
  const host = lab.host('host-a');
  const token = readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
  const env = { UNDERLAY_HOST: host.agentSocket, UNDERLAY_TOKEN: token };
  await runScript(
    host,
    'ip netns del opsbench 2>/dev/null; ip netns add opsbench && ip -n opsbench link add eth0 type dummy && ip -n opsbench link set eth0 up',
  );
  const loadBefore = loadAverage();
  const agentMs: Record<'first' | 'steady', Record<Op, number[]>> = {
    first: { 'network create': [], 'container create': [], 'container rm': [], 'network rm': [] },
    steady: { 'network create': [], 'container create': [], 'container rm': [], 'network rm': [] },
  };
  // Each phase's ratios are taken against the baselines measured in that phase (load changes between them).
  const phaseBase = (): Record<Op, { ip: number[]; node: number[] }> =>
    Object.fromEntries(OPS.map((op) => [op, { ip: [], node: [] }])) as never;
  const base = { first: phaseBase(), steady: phaseBase() };
  const starts: number[] = [];
  let k = 0;
  // First calls: restart the agent, wait until it answers, then each op once, the script's turn before each.
  for (let r = 0; r < FIRST; r++, k++) {
    await stopAgent(lab, 'host-a');
    await new Promise((res) => setTimeout(res, 1000));
    await startAgent(lab, 'host-a');
    // The old agent's socket may still answer for a moment: wait until it does not, then until the new one does.
    starts.push(await waitForAgent(host));
    for (const op of OPS) {
      const b = await baseline(host, op, k);
      base.first[op].ip.push(b.ip);
      base.first[op].node.push(b.node);
      await settle();
      agentMs.first[op].push(await timed([bin, ...cli(op, k)], env));
    }
  }
  for (let r = 0; r < RUNS; r++, k++)
    for (const op of OPS) {
      const b = await baseline(host, op, k);
      base.steady[op].ip.push(b.ip);
      base.steady[op].node.push(b.node);
      await settle();
      agentMs.steady[op].push(await timed([bin, ...cli(op, k)], env));
    }
  await runScript(host, 'ip netns del opsbench');

  const loadAfter = loadAverage();
  const f = (ms: number) => `${ms.toFixed(0).padStart(5)} ms`;
  const x = (ms: number, b: number) => `${(ms / b).toFixed(2)}x`.padStart(6);
  console.log(
    `operations end to end, lab ${LAB} (1 host); first calls over ${FIRST} agent restarts (agent answered ${starts.map((s) => (s / 1000).toFixed(1)).join(', ')} s after its start), steady state median of ${RUNS}; load ${loadBefore} -> ${loadAfter}`,
  );
  console.log(
    `${'op'.padEnd(17)} ${'phase'.padEnd(6)} ${'node -e 0'.padStart(9)} ${'ip -batch'.padStart(9)} ${'baseline'.padStart(9)}   ${'underlay'.padStart(9)} ${'ratio'.padStart(6)}   target <= 1.30x`,
  );
  for (const op of OPS)
    for (const phase of ['first', 'steady'] as const) {
      const node = median(base[phase][op].node);
      const ip = median(base[phase][op].ip);
      const ms = median(agentMs[phase][op]);
      const ratio = ms / (node + ip);
      console.log(
        `${op.padEnd(17)} ${phase.padEnd(6)} ${f(node)} ${f(ip)} ${f(node + ip)}   ${f(ms)} ${x(ms, node + ip)}   ${ratio <= 1.3 ? 'met' : 'NOT met'}`,
      );
    }
  console.log(
    `first calls, each: ${OPS.map((op) => `${op} ${agentMs.first[op].map((ms) => ms.toFixed(0)).join('/')}`).join('; ')} ms`,
  );
} finally {
  if (!BENCH_ATTACH()) await lab.down();
}

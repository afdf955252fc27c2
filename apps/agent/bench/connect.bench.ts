// Benchmark (prints figures; not a test): 200 containers connected to one L2
// network through the agent in a lab guest, next to a plain `ip -batch`
// script doing the same kernel operations (two batches per container, as
// the agent runs them) in the same guest, in the same run. The two take turns
// container by container, so a change in the machine's speed hits both.
//
// This machine is a VM whose vCPUs the hypervisor shares with other guests:
// /proc/stat counts the time it gave away ("steal"), and connect latency
// follows it (measured: docs/perf.md, agent connect bench). A measurement
// during which any steal was counted is taken again,
// on both sides (undone untimed first: the agent's connect by a disconnect, the
// script's container by deleting and re-adding its namespace), up to RETAKES
// times; so the figures compare the agent and the script, not the neighbours.
// The bench prints how many were taken again and the first attempts' figures.
//   pnpm --filter @underlay/agent run bench      (root; boots its own lab)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScript, startLab } from '@underlay/lab';
import { createAgentClient } from '../src/client';

const COUNT = Number(process.env.BENCH_COUNT ?? 200);
const RETAKES = Number(process.env.BENCH_RETAKES ?? 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The machine's stolen CPU time so far, in USER_HZ ticks (/proc/stat's 8th column). */
const stolenTicks = (): number =>
  Number(readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/)[8]);
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

interface Measured {
  /** The kept measurement: the first without steal, else the one with the least steal (the earliest of those). */
  ms: number;
  /** When the kept measurement started (epoch ms). */
  startedAt: number;
  /** The first attempt, whatever the steal. */
  firstMs: number;
  attempts: number;
  /** True when every attempt had steal (the kept one too). */
  stolen: boolean;
}

/**
 * Measures until no steal was counted during it, undoing between attempts; at most RETAKES attempts. The undo runs
 * outside the steal window (steal is read on this machine, around the whole measurement, so an undo inside it would
 * widen the window and cause retakes that the timed part did not need).
 */
async function withoutSteal(
  measure: () => Promise<number>,
  undo: () => Promise<void>,
): Promise<Measured> {
  let firstMs = 0;
  let least = { ms: 0, startedAt: 0, ticks: Infinity };
  for (let attempt = 1; ; attempt++) {
    const before = stolenTicks();
    const startedAt = Date.now();
    const ms = await measure();
    const ticks = stolenTicks() - before;
    if (attempt === 1) firstMs = ms;
    if (ticks === 0) return { ms, startedAt, firstMs, attempts: attempt, stolen: false };
    if (ticks < least.ticks) least = { ms, startedAt, ticks };
    if (attempt >= RETAKES)
      return { ms: least.ms, startedAt: least.startedAt, firstMs, attempts: attempt, stolen: true };
    await undo();
  }
}

execFileSync(process.execPath, ['build.mjs'], {
  cwd: join(import.meta.dirname, '..'),
  stdio: 'inherit',
});
const lab = await startLab({ name: 'agent-bench', hosts: 1, agent: true });
try {
  const host = lab.host('host-a');
  const tokenFile = join(host.stateDir, 'token');
  let token = '';
  for (let i = 0; i < 100 && !token; i++) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch {
      await sleep(300);
    }
  }
  const agent = createAgentClient({ host: host.agentSocket, token });
  for (let i = 0; ; i++) {
    try {
      await agent.host.info.query();
      break;
    } catch (err) {
      if (i > 100) throw err;
      await sleep(300);
    }
  }

  // Containers (agent) and namespaces + batch files (script) made first, not timed. The script: the same two batches
  // per container (host: add + move; container: rename, address, up, route). Fixed text: no input reaches the shell.
  // Its "host" batch runs in a sibling namespace that holds its VLAN link (eth0.78, on the guest's eth0): the same
  // kernel operations, but its links come and go out of the agent's sight. In the root namespace, the script's 100
  // link events per turn made the agent drop its host link cache and record 100 events, so the agent's first
  // connects after each turn paid for the script (a real host has no second writer making links in bursts).
  // That `ip -n scripthost` costs what plain `ip` does is measured below, in the same run (the namespace control).
  await agent.networks.create.mutate({
    name: 'bench',
    options: { parent: 'eth0.77' },
    ipam: [{ subnet: '10.77.0.0/24', gateway: '10.77.0.1' }],
  });
  for (let i = 0; i < COUNT; i++) await agent.containers.create.mutate({ name: `b${i}` });
  const prepare = [
    'ip netns add scripthost && ip link add link eth0 name eth0.78 type vlan id 78 && ip link set eth0.78 netns scripthost && ip -n scripthost link set eth0.78 up',
    `for i in $(seq 0 ${COUNT - 1}); do ip netns add p$i;`,
    '  printf "link add link eth0.78 name t$i type ipvlan mode l2 bridge\\nlink set dev t$i netns p$i\\n" > /tmp/h$i;',
    '  printf "link set dev t$i name eth0\\naddr add 10.78.0.$((i+2))/24 dev eth0\\nlink set dev eth0 up\\nroute replace default via 10.78.0.1 dev eth0\\n" > /tmp/n$i;',
    'done',
  ].join('\n');
  await runScript(host, prepare, { timeoutMs: 600_000 });

  // The namespace control: 50 plain `ip -batch` runs and 50 `ip -n scripthost -batch` runs of the same read-only line.
  const control = [
    'echo "link show lo" > /tmp/noop; t() { s=$(date +%s%N); for i in $(seq 50); do "$@" -batch /tmp/noop > /dev/null || exit 1; done; e=$(date +%s%N); echo $(( (e - s) / 50000 )); }',
    't ip; t ip -n scripthost',
  ].join('\n');
  const [plainIp, nsIp] = (await runScript(host, control, { timeoutMs: 120_000 }))
    .trim()
    .split('\n')
    .map((us) => Number(us) / 1000) as [number, number];

  // Turns of one container: the script's (timed in the guest), then the agent's (timed from the client).
  const agentRuns: Measured[] = [];
  const scriptRuns: Measured[] = [];
  for (let i = 0; i < COUNT; i++) {
    scriptRuns.push(
      await withoutSteal(
        async () => {
          // Clock reads with the shell's own `read` from /proc/uptime (10 ms steps): a `date` would add a process start.
          const script = `read s _ < /proc/uptime; ip -n scripthost -batch /tmp/h${i} && ip -n p${i} -batch /tmp/n${i} || exit 1; read e _ < /proc/uptime; echo $s $e`;
          const [s, e] = (await runScript(host, script, { timeoutMs: 60_000 }))
            .trim()
            .split(' ')
            .map(Number) as [number, number];
          return (e - s) * 1000;
        },
        // Deleting the namespace deletes the ipvlan link in it.
        async () =>
          void (await runScript(host, `ip netns del p${i} && ip netns add p${i}`, {
            timeoutMs: 60_000,
          })),
      ),
    );
    agentRuns.push(
      await withoutSteal(
        async () => {
          const t0 = performance.now();
          await agent.networks.connect.mutate({ network: 'bench', container: `b${i}` });
          return performance.now() - t0;
        },
        async () =>
          void (await agent.networks.disconnect.mutate({ network: 'bench', container: `b${i}` })),
      ),
    );
  }
  await agent.close();
  // BENCH_DUMP=FILE keeps every connect, in order: start of the kept attempt (epoch ms), its latency, the first attempt's,
  // the attempts, then the same three for the script's container; to line slow ones up with other traces.
  if (process.env.BENCH_DUMP) {
    const cols = (m: Measured) => `${m.ms.toFixed(1)} ${m.firstMs.toFixed(1)} ${m.attempts}`;
    writeFileSync(
      process.env.BENCH_DUMP,
      agentRuns
        .map((m, i) => `${m.startedAt} ${cols(m)} ${cols(scriptRuns[i] as Measured)}`)
        .join('\n') + '\n',
    );
  }

  const kept = (runs: Measured[]) => runs.map((m) => m.ms);
  const firsts = (runs: Measured[]) => runs.map((m) => m.firstMs);
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const W = 50;
  const p95 = (xs: number[], from: number) => quantile(xs.slice(from, from + W), 0.95);
  const growth = (xs: number[]) => p95(xs, COUNT - W) / p95(xs, 0);
  const retaken = (runs: Measured[]) =>
    `${runs.filter((m) => m.attempts > 1).length} taken again (${runs.reduce((a, m) => a + m.attempts - 1, 0)} retakes), ${runs.filter((m) => m.stolen).length} with steal in all ${RETAKES}`;
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const x = (r: number) => `${r.toFixed(2)}×`;
  const agentMs = kept(agentRuns);
  const scriptMs = kept(scriptRuns);
  const median = quantile(agentMs, 0.5);
  const scriptPer = mean(scriptMs);
  console.log(
    `connects: ${COUNT} to one L2 network on eth0.77 (lab guest, through the relay), agent and script container by container`,
  );
  console.log(
    `agent: median ${fmt(median)}, p95 first ${W} ${fmt(p95(agentMs, 0))}, p95 last ${W} ${fmt(p95(agentMs, COUNT - W))}; ${retaken(agentRuns)}`,
  );
  console.log(
    `script (2 ip -batch per container, its host side in a sibling namespace): per container ${fmt(scriptPer)} (median ${fmt(quantile(scriptMs, 0.5))}); ${retaken(scriptRuns)}`,
  );
  console.log(
    `  one ip process: plain ${fmt(plainIp)}, with -n scripthost ${fmt(nsIp)} (${x(nsIp / plainIp)}; the script's host side pays the latter)`,
  );
  for (let from = 0; from < COUNT; from += W) {
    const agentBlock = agentRuns.slice(from, from + W);
    console.log(
      `  ${from}–${Math.min(COUNT, from + W) - 1}: script median ${fmt(quantile(kept(scriptRuns.slice(from, from + W)), 0.5))} per container, agent median ${fmt(quantile(kept(agentBlock), 0.5))}, p95 ${fmt(p95(agentMs, from))}; connects taken again ${agentBlock.filter((m) => m.attempts > 1).length}`,
    );
  }
  const slowest = (from: number) =>
    agentMs
      .slice(from, from + W)
      .map((ms, i) => [from + i, ms] as const)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4)
      .map(([i, ms]) => `#${i} ${ms.toFixed(0)}`)
      .join(', ');
  console.log(
    `  slowest connects, first ${W}: ${slowest(0)}; last ${W}: ${slowest(COUNT - W)} (ms)`,
  );
  console.log(
    `  first attempts only (steal included): median ${x(quantile(firsts(agentRuns), 0.5) / mean(firsts(scriptRuns)))} the script, p95 growth ${x(growth(firsts(agentRuns)))} (the script's ${x(growth(firsts(scriptRuns)))})`,
  );
  console.log(`median / script per container: ${x(median / scriptPer)} (target ≤ 1.3×)`);
  console.log(
    `p95 last ${W} / p95 first ${W}: ${x(growth(agentMs))} (target ≤ 1.2×; the script's: ${x(growth(scriptMs))})`,
  );
} finally {
  await lab.down();
}

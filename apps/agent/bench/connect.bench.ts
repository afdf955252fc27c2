// Benchmark (prints figures; not a test): 200 containers connected to one L2
// network through the agent in a lab guest, next to a plain `ip -batch`
// script doing the same kernel operations (two batches per container, as
// the agent runs them) in the same guest, in the same run. The two take turns
// in blocks of 50 containers, so a load change on this shared machine hits
// both sides of the ratio.
//   pnpm --filter @underlay/agent run bench      (root; boots its own lab)
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startLab } from '@underlay/lab';
import { createAgentClient } from '../src/client';

const COUNT = Number(process.env.BENCH_COUNT ?? 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
};

execFileSync(process.execPath, ['build.mjs'], { cwd: join(import.meta.dirname, '..'), stdio: 'inherit' });
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
  await agent.networks.create.mutate({ name: 'bench', options: { parent: 'eth0.77' }, ipam: [{ subnet: '10.77.0.0/24', gateway: '10.77.0.1' }] });
  for (let i = 0; i < COUNT; i++) await agent.containers.create.mutate({ name: `b${i}` });
  const prepare = [
    'ip netns add scripthost && ip link add link eth0 name eth0.78 type vlan id 78 && ip link set eth0.78 netns scripthost && ip -n scripthost link set eth0.78 up',
    `for i in $(seq 0 ${COUNT - 1}); do ip netns add p$i;`,
    '  printf "link add link eth0.78 name t$i type ipvlan mode l2 bridge\\nlink set dev t$i netns p$i\\n" > /tmp/h$i;',
    '  printf "link set dev t$i name eth0\\naddr add 10.78.0.$((i+2))/24 dev eth0\\nlink set dev eth0 up\\nroute replace default via 10.78.0.1 dev eth0\\n" > /tmp/n$i;',
    'done',
  ].join('\n');
  const prep = await host.exec(['sh', '-c', prepare], { timeoutMs: 600_000 });
  if (prep.exitCode !== 0) throw new Error(`script preparation failed: ${prep.stderr}`);

  // The namespace control: 50 plain `ip -batch` runs and 50 `ip -n scripthost -batch` runs of the same read-only line.
  const control = [
    'echo "link show lo" > /tmp/noop; t() { s=$(date +%s%N); for i in $(seq 50); do "$@" -batch /tmp/noop > /dev/null || exit 1; done; e=$(date +%s%N); echo $(( (e - s) / 50000 )); }',
    't ip; t ip -n scripthost',
  ].join('\n');
  const controlRun = await host.exec(['sh', '-c', control], { timeoutMs: 120_000 });
  if (controlRun.exitCode !== 0) throw new Error(`namespace control failed: ${controlRun.stderr}`);
  const [plainIp, nsIp] = controlRun.stdout.trim().split('\n').map((us) => Number(us) / 1000) as [number, number];

  // Turns: the script's next BLOCK containers, timed in the guest; then BLOCK connects through the agent, each timed from the client.
  const BLOCK = 50;
  const latencies: number[] = [];
  const startedAt: number[] = [];
  let agentTotal = 0;
  let scriptTotal = 0;
  const blocks: string[] = [];
  for (let from = 0; from < COUNT; from += BLOCK) {
    const to = Math.min(COUNT, from + BLOCK);
    // The script's turn first, so every block of the agent follows one (the first included): the same conditions for the first and the last 50.
    const timed = `s=$(date +%s%N); for i in $(seq ${from} ${to - 1}); do ip -n scripthost -batch /tmp/h$i && ip -n p$i -batch /tmp/n$i || exit 1; done; e=$(date +%s%N); echo $(( (e - s) / 1000 ))`;
    const run = await host.exec(['sh', '-c', timed], { timeoutMs: 600_000 });
    if (run.exitCode !== 0) throw new Error(`script failed: ${run.stderr}`);
    const scriptBlock = Number(run.stdout.trim()) / 1000;
    scriptTotal += scriptBlock;
    const started = performance.now();
    for (let i = from; i < to; i++) {
      const t0 = performance.now();
      await agent.networks.connect.mutate({ network: 'bench', container: `b${i}` });
      latencies.push(performance.now() - t0);
      startedAt.push(performance.timeOrigin + t0);
    }
    agentTotal += performance.now() - started;
    blocks.push(`${from}–${to - 1}: script ${(scriptBlock / (to - from)).toFixed(1)} ms per container, agent median ${quantile(latencies.slice(from), 0.5).toFixed(1)} ms`);
  }
  await agent.close();
  // BENCH_DUMP=FILE keeps every connect, in order: its start (epoch ms) and latency (ms), to look at where slow ones fall.
  if (process.env.BENCH_DUMP) writeFileSync(process.env.BENCH_DUMP, latencies.map((ms, i) => `${startedAt[i]?.toFixed(0)} ${ms.toFixed(1)}`).join('\n') + '\n');
  const scriptPer = scriptTotal / COUNT;

  const median = quantile(latencies, 0.5);
  const p95First = quantile(latencies.slice(0, 50), 0.95);
  const p95Last = quantile(latencies.slice(-50), 0.95);
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  console.log(`connects: ${COUNT} to one L2 network on eth0.77 (lab guest, through the relay), agent and script in turns of ${BLOCK}`);
  console.log(`agent: total ${fmt(agentTotal)}, median ${fmt(median)}, p95 first 50 ${fmt(p95First)}, p95 last 50 ${fmt(p95Last)}`);
  console.log(`script (2 ip -batch per container, its host side in a sibling namespace): total ${fmt(scriptTotal)}, per container ${fmt(scriptPer)}`);
  console.log(`  one ip process: plain ${fmt(plainIp)}, with -n scripthost ${fmt(nsIp)} (${(nsIp / plainIp).toFixed(2)}×; the script's host side pays the latter)`);
  for (const line of blocks) console.log(`  ${line}`);
  const slowest = (from: number) => latencies.slice(from, from + 50).map((ms, i) => [from + i, ms] as const).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([i, ms]) => `#${i} ${ms.toFixed(0)}`).join(', ');
  console.log(`  slowest connects, first 50: ${slowest(0)}; last 50: ${slowest(COUNT - 50)} (ms)`);
  console.log(`median / script per container: ${(median / scriptPer).toFixed(2)}× (target ≤ 1.3×)`);
  console.log(`p95 last 50 / p95 first 50: ${(p95Last / p95First).toFixed(2)}× (target ≤ 1.2×)`);
} finally {
  await lab.down();
}

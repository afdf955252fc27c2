// `docker network connect` + `disconnect` of a running container through
// underlay's plugin (-d underlay --ipam-driver underlay) against Docker's own
// ipvlan driver (-d ipvlan), on the same guest, alternating (the order flips
// every round), timed inside the guest by a fixed script so the lab's exec
// channel is not counted. Prints each side's median and the ratio (target:
// median ≤ 1.2× Docker's own driver). Boots its own one-guest lab
// `docker-bench` (BENCH_ROUNDS, default 10).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  dockerOk,
  networkCreateArgv,
  runDetachedArgv,
  runScript,
  startDockerdOn,
  startLab,
} from '@underlay/lab';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

execFileSync(process.execPath, ['build.mjs'], {
  cwd: join(import.meta.dirname, '..'),
  stdio: 'inherit',
});
const lab = await startLab({ name: 'docker-bench', hosts: 1, agent: true });
try {
  const g = lab.host('host-a');
  await startDockerdOn([g]);
  await dockerOk(
    g,
    networkCreateArgv('ipvlan', 'ref', ['--subnet', '172.16.80.0/24', '-o', 'parent=eth0.10']),
  );
  await dockerOk(
    g,
    networkCreateArgv('underlay', 'ul', ['--subnet', '172.16.81.0/24', '-o', 'parent=eth0.11']),
  );
  await dockerOk(g, runDetachedArgv('probe', 'ref'));
  await dockerOk(g, ['network', 'disconnect', 'ref', 'probe']);
  // warm-up: the plugin's first activation and both drivers' first join
  await dockerOk(g, ['network', 'connect', 'ul', 'probe']);
  await dockerOk(g, ['network', 'disconnect', 'ul', 'probe']);
  const out = await runScript(
    g,
    `export GODEBUG=cpu.all=off,asyncpreemptoff=1; d=/usr/bin/docker
     pair() { t0=$(date +%s%N); $d network connect $1 probe >/dev/null && $d network disconnect $1 probe >/dev/null || exit 1; echo "$1 $(( ($(date +%s%N) - t0) / 1000000 ))"; }
     i=0; while [ $i -lt ${ROUNDS} ]; do
       if [ $((i % 2)) -eq 0 ]; then pair ref; pair ul; else pair ul; pair ref; fi
       i=$((i + 1)); done`,
    { timeoutMs: 60_000 + ROUNDS * 60_000 },
  );
  const ms = { ref: [] as number[], ul: [] as number[] };
  for (const line of out.trim().split('\n')) {
    const [net, value] = line.split(' ');
    if (net === 'ref' || net === 'ul') ms[net].push(Number(value));
  }
  const [ref, ours] = [median(ms.ref), median(ms.ul)];
  console.log(
    `docker network connect + disconnect, ${ROUNDS} rounds alternating, timed in the guest:`,
  );
  console.log(`  -d ipvlan (Docker's own): median ${ref} ms  [${ms.ref.join(', ')}]`);
  console.log(`  -d underlay:              median ${ours} ms  [${ms.ul.join(', ')}]`);
  console.log(`  ratio underlay / ipvlan: ${(ours / ref).toFixed(2)}x (target <= 1.2x)`);
} finally {
  await lab.down();
}

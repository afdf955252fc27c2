// Benchmark (prints figures; not a test): the CNI plugin in a lab guest.
//  1. ADD then DEL of one container, underlay-cni (a small C client of the
//     warm agent) against the reference pair /usr/lib/cni/ipvlan + host-local
//     (two Go processes and a file-locked IPAM), alternating, BENCH_CNI_COUNT
//     (50) each. Target: median ≤ 0.5× the reference.
//  2. Process start: `underlay-cni VERSION` against `node -e 0`, alternating,
//     20 each. Target: ≤ 1.3×.
// Both are timed inside the guest by bash's `time` builtin (no exec of its
// own), in one exec of a fixed script, so the lab's exec channel is not in
// the figures.
//   pnpm --filter @underlay/agent run bench:cni     (root; boots its own one-guest lab)
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { runScript, startLab } from '@underlay/lab';

const COUNT = Number(process.env.BENCH_CNI_COUNT ?? 50);
const STARTS = Number(process.env.BENCH_CNI_STARTS ?? 20);
const agentDir = join(import.meta.dirname, '..');
const PLUGIN = join(agentDir, 'dist', 'underlay-cni');
const DIR = '/tmp/cnibench';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const range = (xs: number[]) => `${Math.min(...xs).toFixed(3)}–${Math.max(...xs).toFixed(3)} s`;

const underlayConf = {
  cniVersion: '1.0.0',
  name: 'bench60',
  type: 'underlay-cni',
  parent: 'eth0.60',
  subnets: [{ subnet: '172.16.60.0/24', gateway: '172.16.60.1', ipRange: '172.16.60.0/25' }],
};
const referenceConf = {
  cniVersion: '1.0.0',
  name: 'ref60',
  type: 'ipvlan',
  master: 'eth0.60',
  mode: 'l2',
  ipam: {
    type: 'host-local',
    dataDir: `${DIR}/ipam`,
    ranges: [
      [
        {
          subnet: '172.16.60.0/24',
          gateway: '172.16.60.1',
          rangeStart: '172.16.60.128',
          rangeEnd: '172.16.60.250',
        },
      ],
    ],
    routes: [{ dst: '0.0.0.0/0' }],
  },
};

// Fixed text; the two configs are written as files first.
const pairScript = `
TIMEFORMAT=%R
cd ${DIR}
for i in $(seq 1 ${COUNT}); do
  { time { UNDERLAY_CNI_TRACE=1 CNI_COMMAND=ADD CNI_CONTAINERID=bench CNI_NETNS=/run/netns/bu CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni ${PLUGIN} < u.json > u.out 2>> u.trace || echo u >> errors
           UNDERLAY_CNI_TRACE=1 CNI_COMMAND=DEL CNI_CONTAINERID=bench CNI_NETNS=/run/netns/bu CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni ${PLUGIN} < u.json > /dev/null 2>> u.trace || echo u >> errors; } ; } 2>> u.times
  { time { GODEBUG=cpu.all=off CNI_COMMAND=ADD CNI_CONTAINERID=bench CNI_NETNS=/run/netns/br CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni /usr/lib/cni/ipvlan < r.json > r.out || echo r >> errors
           GODEBUG=cpu.all=off CNI_COMMAND=DEL CNI_CONTAINERID=bench CNI_NETNS=/run/netns/br CNI_IFNAME=eth0 CNI_PATH=/usr/lib/cni /usr/lib/cni/ipvlan < r.json > /dev/null || echo r >> errors; } ; } 2>> r.times
done
`;

const startScript = (node: string) => `
TIMEFORMAT=%R
cd ${DIR}
for i in $(seq 1 ${STARTS}); do
  { time CNI_COMMAND=VERSION ${PLUGIN} < /dev/null > /dev/null ; } 2>> v.times
  { time ${node} --no-enable-avx --no-enable-avx2 --no-enable-fma3 -e 0 ; } 2>> n.times
done
`;

const times = (text: string) => text.trim().split('\n').map(Number);

/**
 * Medians of the traced phases per command, from the plugin's UNDERLAY_CNI_TRACE lines: the client's own
 * ("start … ms, connect … ms, send … ms, reply … ms") and the agent's Server-Timing entries ("label;dur=ms").
 */
function phases(trace: string): string[] {
  const per = new Map<string, Map<string, number[]>>();
  for (const line of trace.trim().split('\n')) {
    const m = /^underlay-cni (\w+): (.*?); agent: (.*)$/.exec(line);
    if (!m) continue;
    const [, command = '', client = '', agent = ''] = m;
    const table = per.get(command) ?? new Map<string, number[]>();
    per.set(command, table);
    const add = (label: string, ms: number) => table.set(label, [...(table.get(label) ?? []), ms]);
    for (const [, label = '', ms = ''] of client.matchAll(/(\w+) ([\d.]+) ms/g))
      add(`client ${label}`, Number(ms));
    for (const [, label = '', ms = ''] of agent.matchAll(/([\w-]+);dur=([\d.]+)/g))
      add(`agent ${label}`, Number(ms));
  }
  return [...per].flatMap(([command, table]) => [
    `  ${command} (median ms of ${table.get('client reply')?.length ?? 0}):`,
    ...[...table].map(([label, xs]) => `    ${label.padEnd(24)} ${median(xs).toFixed(1)}`),
  ]);
}

execFileSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
const lab = await startLab({
  name: process.env.UNDERLAY_LAB_NAME ?? 'cni-bench',
  hosts: 1,
  agent: true,
});
try {
  const host = lab.host('host-a');
  await runScript(host, `rm -rf ${DIR}; mkdir -p ${DIR}/ipam; ip netns add bu; ip netns add br`);
  for (const [file, conf] of [
    ['u.json', underlayConf],
    ['r.json', referenceConf],
  ] as const)
    await host.exec(['sh', '-c', `cat > ${DIR}/${file}`], { input: JSON.stringify(conf) });
  // The agent answers once it has started (node start in a guest: seconds); the first ADD makes eth0.60, the parent both use.
  for (let i = 0; ; i++) {
    const r = await host.exec([
      'bash',
      '-c',
      `CNI_COMMAND=ADD CNI_CONTAINERID=warm CNI_NETNS=/run/netns/bu CNI_IFNAME=eth0 CNI_PATH=/x ${PLUGIN} < ${DIR}/u.json`,
    ]);
    if (r.exitCode === 0) break;
    if (i > 120) throw new Error(`the agent never answered: ${r.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await runScript(
    host,
    `CNI_COMMAND=DEL CNI_CONTAINERID=warm CNI_IFNAME=eth0 CNI_PATH=/x ${PLUGIN} < ${DIR}/u.json`,
  );
  const started = Date.now();
  await host.exec(['bash', '-c', pairScript], { timeoutMs: 1_800_000 });
  await host.exec(['bash', '-c', startScript(process.execPath)], { timeoutMs: 1_800_000 });
  const read = async (file: string) => (await host.exec(['cat', `${DIR}/${file}`])).stdout;
  const [u, r, v, n] = await Promise.all(
    ['u.times', 'r.times', 'v.times', 'n.times'].map(read),
  ).then((xs) => xs.map(times));
  const errors = (await read('errors')).trim();
  const [mu, mr, mv, mn] = [u, r, v, n].map((xs) => median(xs ?? []));
  console.log(
    `CNI ADD+DEL in a guest, ${COUNT} each, alternating (${((Date.now() - started) / 1000).toFixed(0)} s, load ${execFileSync('cat', ['/proc/loadavg']).toString().split(' ')[0]}):`,
  );
  console.log(`  underlay-cni (C client + agent): median ${mu?.toFixed(3)} s, ${range(u ?? [])}`);
  console.log(`  ipvlan + host-local (reference): median ${mr?.toFixed(3)} s, ${range(r ?? [])}`);
  console.log(
    `  ratio ${((mu ?? 0) / (mr ?? 1)).toFixed(2)}× (target ≤ 0.5×); failed calls: ${errors ? errors.split('\n').length : 0}`,
  );
  console.log(
    'underlay-cni phases (client: its own; agent: Server-Timing; queue = wait for the job):',
  );
  for (const line of phases(await read('u.trace'))) console.log(line);
  console.log(`process start, ${STARTS} each, alternating:`);
  console.log(`  underlay-cni VERSION: median ${mv?.toFixed(3)} s, ${range(v ?? [])}`);
  console.log(`  node -e 0:            median ${mn?.toFixed(3)} s, ${range(n ?? [])}`);
  console.log(`  ratio ${((mv ?? 0) / (mn ?? 1)).toFixed(3)}× (target ≤ 1.3×)`);
  console.log(`  a sample result: ${(await read('u.out')).trim()}`);
} finally {
  await lab.down();
}

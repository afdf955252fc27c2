// Benchmark (prints figures; not a test): 200 VLAN networks on each of two lab
// guests, made by one `underlay apply -f` (one process, one connection per
// host, hosts in parallel) next to 200 `underlay network create` processes
// per host (the two hosts' loops side by side, as two shells would run them),
// in the same run. Each side starts from hosts with none of the networks
// (removed untimed in between by `apply --prune` of an empty file).
//   pnpm --filter @underlay/agent run bench:apply      (root; boots its own lab)
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type LabHost, startLab } from '@underlay/lab';

const COUNT = Number(process.env.BENCH_COUNT ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const bin = join(import.meta.dirname, '..', 'dist', 'main.cjs');
const dir = mkdtempSync(join(tmpdir(), 'bench-apply-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the built CLI (argument array, no shell); rejects on a non-zero exit. */
function cli(args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, maxBuffer: 1 << 26 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`${args.join(' ')}: ${stderr || stdout}`)) : resolve(stdout),
    ),
  );
}

const net = (i: number) => ({
  name: `bench${i}`,
  vlan: 100 + i,
  subnet: `10.${200 + Math.floor(i / 250)}.${i % 250}.0/24`,
});

function fleetFile(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => net(i)).map(
    (n) =>
      `  - { name: ${n.name}, vlan: ${n.vlan}, parent: eth0, subnets: [{ subnet: ${n.subnet} }] }`,
  );
  const path = join(dir, `fleet-${count}.yaml`);
  writeFileSync(path, `version: 1\nnetworks:${rows.length ? `\n${rows.join('\n')}` : ' []'}\n`);
  return path;
}

async function waitForToken(host: LabHost): Promise<string> {
  for (let i = 0; i < 100; i++) {
    try {
      const token = readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
      if (token) return token;
    } catch {
      /* not written yet */
    }
    await sleep(300);
  }
  throw new Error(`no token for ${host.name}`);
}

async function createLoop(host: LabHost): Promise<void> {
  const env = {
    UNDERLAY_HOST: host.agentSocket,
    UNDERLAY_TOKEN_FILE: join(host.stateDir, 'token'),
  };
  for (let i = 0; i < COUNT; i++) {
    const n = net(i);
    await cli(
      ['network', 'create', '--subnet', n.subnet, '-o', `parent=eth0.${n.vlan}`, n.name],
      env,
    );
  }
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

execFileSync(process.execPath, ['build.mjs'], {
  cwd: join(import.meta.dirname, '..'),
  stdio: 'inherit',
});
const lab = await startLab({ name: process.env.BENCH_LAB ?? 'fleet-bench', hosts: 2, agent: true });
try {
  const hosts = [lab.host('host-a'), lab.host('host-b')];
  await Promise.all(hosts.map(waitForToken));
  const agents = hosts.flatMap((h) => [
    '--agent',
    `${h.name}=${h.agentSocket}`,
    '--token-file',
    `${h.name}=${join(h.stateDir, 'token')}`,
  ]);
  const full = fleetFile(COUNT);
  const empty = fleetFile(0);
  const clear = () => cli(['apply', '-f', empty, '--yes', '--prune', ...agents]).catch(() => '');
  // Both agents answer before anything is timed (they start after the guests boot).
  for (let i = 0; ; i++) {
    try {
      await cli(['plan', '-f', empty, ...agents]);
      break;
    } catch (error) {
      if (i > 100) throw error;
      await sleep(500);
    }
  }
  for (let round = 1; round <= ROUNDS; round++) {
    await clear();
    const loops = await timed(() => Promise.all(hosts.map(createLoop)));
    await clear();
    const apply = await timed(() =>
      cli(['apply', '-f', full, '--yes', '--parallel', '2', ...agents]),
    );
    const check = await cli(['plan', '-f', full, ...agents]);
    if (!check.includes('No changes')) throw new Error(`apply left changes:\n${check}`);
    console.log(
      `round ${round}: ${COUNT} networks x 2 hosts: apply -f ${(apply / 1000).toFixed(1)} s, ` +
        `${COUNT} network create per host ${(loops / 1000).toFixed(1)} s, ratio ${(apply / loops).toFixed(2)}x (target <= 0.5x)`,
    );
  }
  await clear();
} finally {
  await lab.down();
}

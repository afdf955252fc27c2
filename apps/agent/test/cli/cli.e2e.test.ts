import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAgent, startAgent } from '../../src/server/start-agent';
import { type FakeKernel, fakeKernel } from '../fake-kernel';

// The built `underlay` binary against a real agent (real tRPC server, SQLite,
// token auth, unix socket) whose kernel is the stand-in: this checks the CLI's
// wiring and rendering, not kernel behaviour (that is the lab tier's job).

const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(agentDir, 'dist', 'main.cjs');

let dir: string;
let agent: RunningAgent;
let kernel: FakeKernel;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI with only the environment given (argument array, no shell). */
function underlay(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    UNDERLAY_HOST: agent.socket,
    UNDERLAY_TOKEN_FILE: join(dir, 'state', 'token'),
  };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { ...base, ...env }, timeout: 20_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['build.mjs'], { cwd: agentDir }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  dir = mkdtempSync(join(tmpdir(), 'underlay-cli-e2e-'));
  kernel = fakeKernel();
  agent = await startAgent(
    { stateDir: join(dir, 'state'), socket: join(dir, 'agent.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
}, 120_000);

afterAll(async () => {
  await agent?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('underlay CLI against a running agent', { timeout: 60_000 }, () => {
  it('--help exits 0 and lists the commands', async () => {
    const r = await underlay(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/network[\s\S]*container[\s\S]*ping[\s\S]*host[\s\S]*agent/);
  });

  it('network ls on a fresh agent prints only the header', async () => {
    const r = await underlay(['network', 'ls']);
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: expect.stringMatching(/^NETWORK ID\s+NAME\s+DRIVER\s+SCOPE\s+MODE\s+PARENT\n$/),
    });
  });

  it('a refused create names the field and the fix on one line, exits 1, and runs nothing', async () => {
    const before = kernel.batches.length;
    const r = await underlay([
      'network',
      'create',
      '-o',
      'parent=eth0',
      '-o',
      'ipvlan_mode=L2',
      '--subnet',
      '192.168.1.0/24',
      'bad',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^Error response from agent: options\.ipvlan_mode: .*"L2".*l2.*l3.*l3s/,
    );
    expect(r.stderr).not.toMatch(/\s+at /);
    expect(kernel.batches.length).toBe(before);
  });

  it('an unknown -o key is refused naming the key', async () => {
    const r = await underlay([
      'network',
      'create',
      '-o',
      'parent=eth0',
      '-o',
      'ipvlan-mode=l3',
      'typo',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error response from agent: options\.ipvlan-mode: /);
  });

  it('create prints the id; ls, inspect and plan show it; rm removes it', async () => {
    const created = await underlay([
      'network',
      'create',
      '-d',
      'ipvlan',
      '--subnet',
      '192.168.10.0/24',
      '--gateway',
      '192.168.10.1',
      '-o',
      'parent=eth0',
      'vlan-e2e',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = created.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{12,}$/);

    const ls = await underlay(['network', 'ls']);
    expect(ls.stdout.split('\n')[1]).toMatch(
      new RegExp(`^${id.slice(0, 12)}\\s+vlan-e2e\\s+ipvlan\\s+local\\s+l2\\s+eth0$`),
    );
    expect((await underlay(['network', 'ls', '-q'])).stdout).toBe(`${id.slice(0, 12)}\n`);
    expect(
      (await underlay(['network', 'ls', '--filter', 'name=nope'])).stdout
        .split('\n')
        .filter(Boolean),
    ).toHaveLength(1);

    const inspect = await underlay(['network', 'inspect', 'vlan-e2e']);
    expect(inspect.code).toBe(0);
    const [doc] = JSON.parse(inspect.stdout) as Record<string, unknown>[];
    expect(doc).toMatchObject({ Name: 'vlan-e2e', Id: id, Driver: 'ipvlan' });

    const missing = await underlay(['network', 'inspect', 'vlan-e2e', 'nope']);
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toHaveLength(1);
    expect(missing.stderr).toMatch(/^Error response from agent: .*nope/);

    const plan = await underlay([
      'network',
      'plan',
      '--subnet',
      '10.20.0.0/24',
      '-o',
      'parent=eth0.20',
      'vlan20',
    ]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(
      /Plan for network "vlan20" \(\d+ operations; nothing was sent to the kernel\):\n1\. ip link add link eth0 name eth0\.20 type vlan id 20\n\s+why: /,
    );

    const rm = await underlay(['network', 'rm', 'vlan-e2e']);
    expect(rm).toEqual({ code: 0, stdout: 'vlan-e2e\n', stderr: '' });
    expect((await underlay(['network', 'ls', '-q'])).stdout).toBe('');
  });

  it('an input the agent’s schema refuses names the field', async () => {
    const r = await underlay(['ping', '-c', '50', 'c1', '10.0.0.1']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Error response from agent: count: /);
  });

  it('a wrong token is reported as such, naming where it came from', async () => {
    const wrong = join(dir, 'wrong-token');
    writeFileSync(wrong, 'not-the-token\n');
    const r = await underlay(['network', 'ls'], { UNDERLAY_TOKEN_FILE: wrong });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `The underlay agent at unix://${agent.socket} refused the token: check the token file ${wrong} (set UNDERLAY_TOKEN_FILE or UNDERLAY_TOKEN to this agent's token).\n`,
    );
  });

  it('a missing socket names the host tried and what to check', async () => {
    const r = await underlay(['-H', join(dir, 'none.sock'), 'network', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Cannot connect to the underlay agent at unix://${join(dir, 'none.sock')}: the socket ${join(dir, 'none.sock')} does not exist. Is the agent running?`,
    );
  });

  it('connect with a static address, a clash named by its field, disconnect', async () => {
    expect(
      (
        await underlay([
          'network',
          'create',
          '--subnet',
          '192.168.30.0/24',
          '-o',
          'parent=eth0',
          'net30',
        ])
      ).code,
    ).toBe(0);
    expect((await underlay(['container', 'create', 'a30'])).code).toBe(0);
    expect((await underlay(['container', 'create', 'b30'])).code).toBe(0);
    expect(await underlay(['network', 'connect', '--ip', '192.168.30.50', 'net30', 'a30'])).toEqual(
      { code: 0, stdout: '', stderr: '' },
    );
    const clash = await underlay(['network', 'connect', '--ip', '192.168.30.50', 'net30', 'b30']);
    expect(clash.code).toBe(1);
    expect(clash.stderr).toMatch(
      /^Error response from agent: ipv4Address: 192\.168\.30\.50 is already in use/,
    );
    const busy = await underlay(['network', 'rm', 'net30']);
    expect(busy.code).toBe(1);
    expect(busy.stderr).toMatch(
      /^Error response from agent: network: network net30 has active endpoints \(a30\)/,
    );
    expect(await underlay(['network', 'disconnect', 'net30', 'a30'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(
      (await underlay(['network', 'connect', '--ip', '192.168.30.50', 'net30', 'b30'])).code,
    ).toBe(0);
    expect((await underlay(['network', 'disconnect', 'net30', 'b30'])).code).toBe(0);
    expect((await underlay(['container', 'rm', 'a30', 'b30'])).stdout).toBe('a30\nb30\n');
    expect((await underlay(['network', 'rm', 'net30'])).code).toBe(0);
  });

  it('events replays with --since, then streams live changes, and exits 0 on SIGINT', async () => {
    expect((await underlay(['container', 'create', 'ev1'])).code).toBe(0);
    const child = spawn(process.execPath, [bin, 'events', '--since', '0'], {
      env: {
        PATH: process.env.PATH ?? '',
        UNDERLAY_HOST: agent.socket,
        UNDERLAY_TOKEN_FILE: join(dir, 'state', 'token'),
      },
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += String(chunk)));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const seen = async (pattern: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !pattern.test(out); i += 1)
        await new Promise((resolve) => setTimeout(resolve, 100));
      expect(out).toMatch(pattern);
    };
    await seen(/^\S+ container\.created ev1$/m); // replayed: the subscription is up
    expect((await underlay(['container', 'create', 'ev2'])).code).toBe(0);
    await seen(/^\S+ container\.created ev2$/m); // live
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await underlay(['container', 'rm', 'ev1', 'ev2']);
  });

  it('network drift reports an endpoint whose namespace is gone, and repair frees it', async () => {
    expect(
      (
        await underlay([
          'network',
          'create',
          '--subnet',
          '192.168.40.0/24',
          '-o',
          'parent=eth0',
          'net40',
        ])
      ).code,
    ).toBe(0);
    expect((await underlay(['container', 'create', 'gone40'])).code).toBe(0);
    expect((await underlay(['network', 'connect', 'net40', 'gone40'])).code).toBe(0);
    // The stand-in kernel lists no namespaces: to the agent, gone40's namespace has vanished.
    const drift = await underlay(['network', 'drift']);
    expect(drift.code).toBe(0);
    expect(drift.stdout).toMatch(/^netns-missing\s+[0-9a-f]{12}\s+[0-9a-f]{12}\s+.*gone40/m);
    const repair = await underlay(['network', 'repair']);
    expect(repair.stdout).toContain('Released (namespace gone): gone40');
    expect((await underlay(['network', 'drift'])).stdout).toBe(
      'No drift: the kernel matches the records.\n',
    );
    await underlay(['container', 'rm', 'gone40']);
    expect((await underlay(['network', 'rm', 'net40'])).code).toBe(0);
  });

  it('container create, ls and rm', async () => {
    expect(await underlay(['container', 'create', 'c-e2e'])).toEqual({
      code: 0,
      stdout: 'c-e2e\n',
      stderr: '',
    });
    expect((await underlay(['container', 'ls', '-q'])).stdout).toBe('c-e2e\n');
    const again = await underlay(['container', 'create', 'c-e2e']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^Error response from agent: /);
    expect(await underlay(['container', 'rm', 'c-e2e'])).toEqual({
      code: 0,
      stdout: 'c-e2e\n',
      stderr: '',
    });
  });
});

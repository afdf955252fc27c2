import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type RunningAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// The C client (cni/underlay-cni.c, compiled here) against a running agent
// with a kernel stand-in: the wire (env and stdin forwarded, body and exit
// status back), the token, and what the client answers by itself. Kernel
// behaviour is the lab's (cni.lab.test.ts).

const source = join(dirname(fileURLToPath(import.meta.url)), '..', 'cni', 'underlay-cni.c');
let dir: string;
let plugin: string;
let agent: RunningAgent;
let netns: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-cni-'));
  plugin = join(dir, 'underlay-cni');
  const cc = spawnSync('cc', ['-O2', '-Wall', '-Werror', '-o', plugin, source], {
    encoding: 'utf8',
  });
  if (cc.status !== 0) throw new Error(`cc failed: ${cc.stderr}`);
  netns = join(dir, 'netns-file');
  writeFileSync(netns, '');
  agent = await startAgent(
    { stateDir: join(dir, 'state'), socket: join(dir, 'run', 'agent.sock'), logLevel: 'silent' },
    { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
  );
});

afterAll(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

const conf = (extra: Record<string, unknown> = {}) => ({
  cniVersion: '1.0.0',
  name: 'cnitest',
  type: 'underlay-cni',
  agentSocket: join(dir, 'run', 'agent.sock'),
  tokenFile: join(dir, 'state', 'token'),
  parent: 'eth0',
  subnets: [{ subnet: '172.16.90.0/24' }],
  ...extra,
});

// Asynchronous: the agent answers from this same process.
async function run(command: string, config: unknown, env: Record<string, string> = {}) {
  const child = spawn(plugin, [], {
    env: {
      CNI_COMMAND: command,
      CNI_CONTAINERID: 'c1',
      CNI_NETNS: netns,
      CNI_IFNAME: 'eth0',
      CNI_PATH: dirname(plugin),
      ...env,
    },
  });
  // VERSION is answered without reading stdin: the write may find the pipe closed (Go's exec ignores that too).
  child.stdin.on('error', () => undefined);
  child.stdin.end(typeof config === 'string' ? config : JSON.stringify(config));
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const out = { status, stdout };
  const json = out.stdout.trim() ? (JSON.parse(out.stdout) as Record<string, unknown>) : null;
  return { status: out.status, json };
}

describe('underlay-cni against the agent (kernel stand-in)', () => {
  it('VERSION answers by itself', async () => {
    expect(await run('VERSION', { cniVersion: '1.1.0' })).toEqual({
      status: 0,
      json: { cniVersion: '1.1.0', supportedVersions: ['0.4.0', '1.0.0', '1.1.0'] },
    });
  });

  it('ADD makes the network, records the container and returns the result', async () => {
    const { status, json } = await run('ADD', conf());
    expect(status).toBe(0);
    expect(json).toMatchObject({
      cniVersion: '1.0.0',
      interfaces: [{ name: 'eth0', sandbox: netns }],
      ips: [{ address: '172.16.90.2/24', gateway: '172.16.90.1', interface: 0 }],
      routes: [{ dst: '0.0.0.0/0', gw: '172.16.90.1' }],
    });
    const container = agent.services.deps.db
      .prepare("SELECT json FROM containers WHERE name = 'cni-c1'")
      .get() as { json: string };
    expect(JSON.parse(container.json)).toMatchObject({
      netns: 'cni-c1',
      origin: 'attached',
      cni: { containerId: 'c1', netnsPath: netns },
    });
  });

  it('ADD twice fails (≥ 100) and changes nothing', async () => {
    const before = agent.services.networks.list();
    const { status, json } = await run('ADD', conf());
    expect(status).toBe(1);
    expect(json?.code).toBeGreaterThanOrEqual(100);
    expect(json?.msg).toMatch(/eth0|already/);
    expect(agent.services.networks.list()).toEqual(before);
  });

  it('inline options that disagree are refused, naming the key', async () => {
    const { status, json } = await run('ADD', conf({ ipvlan_mode: 'l3' }), {
      CNI_CONTAINERID: 'c2',
    });
    expect(status).toBe(1);
    expect(json).toMatchObject({ code: 130 });
    expect(json?.msg).toMatch(/^ipvlan_mode: network cnitest exists with ipvlan_mode l2/);
  });

  it('a wrong token is refused (code 7, naming tokenFile)', async () => {
    const bad = join(dir, 'bad-token');
    writeFileSync(bad, 'f'.repeat(64));
    const { status, json } = await run('ADD', conf({ tokenFile: bad }), { CNI_CONTAINERID: 'c3' });
    expect(status).toBe(1);
    expect(json).toMatchObject({ code: 7 });
    expect(String(json?.msg)).toMatch(/^tokenFile: /);
  });

  it('STATUS succeeds with the agent up', async () => {
    expect(await run('STATUS', conf({ cniVersion: '1.1.0' }))).toEqual({ status: 0, json: null });
  });

  it('DEL removes the attachment, and again is still a success', async () => {
    expect(await run('DEL', conf())).toEqual({ status: 0, json: null });
    expect(await agent.services.containers.list()).toEqual([]);
    expect(agent.services.networks.list()[0]?.endpoints).toBe(0);
    expect(await run('DEL', conf())).toEqual({ status: 0, json: null });
  });

  it('the error version follows the config; env errors need no agent', async () => {
    const { status, json } = await run('ADD', conf({ cniVersion: '0.4.0' }), { CNI_COMMAND: '' });
    expect(status).toBe(1);
    expect(json).toMatchObject({ cniVersion: '0.4.0', code: 4 });
  });

  it('with the agent away: 11 for ADD and DEL, 50 for STATUS', async () => {
    const away = conf({ agentSocket: join(dir, 'run', 'nobody.sock') });
    expect(await run('ADD', away)).toMatchObject({ status: 1, json: { code: 11 } });
    expect(await run('DEL', away)).toMatchObject({ status: 1, json: { code: 11 } });
    expect(await run('STATUS', { ...away, cniVersion: '1.1.0' })).toMatchObject({
      status: 1,
      json: { code: 50 },
    });
  });
});

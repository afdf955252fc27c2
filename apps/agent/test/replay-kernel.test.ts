import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { agentConfig } from '../src/cli/agent-config';
import { createAgentClient } from '../src/client';
import { createReplayKernel } from '../src/kernel/replay-kernel';
import { loadReplaySnapshot } from '../src/kernel/replay-snapshot';
import { startAgent } from '../src/server/start-agent';

// The replay kernel (hub scale tests and benchmarks only): an agent serving
// the committed snapshot recorded from a lab guest reads the recorded host,
// and what it is asked to change is there on the next read and announced as
// events. Kernel behaviour itself is the lab tier's; this checks the stand-in
// keeps the agent's contract with its port, and the `--kernel` flag.

const SNAPSHOT = fileURLToPath(new URL('./replay/lab-host.replay.json', import.meta.url));
const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-replay-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Runs `underlay agent …` from source until it prints `until` (or exits); resolves with its output and a stop. */
function runAgent(args: string[], until: RegExp) {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'agent', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise<{ output: string; code: number | null; stop: () => void }>((resolve) => {
    const done = (code: number | null) => resolve({ output, code, stop: () => child.kill() });
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (until.test(output)) done(null);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => done(code));
  });
}

describe('replay kernel', () => {
  it('serves the recorded host, and a network created through it is there on the next read, with its events', async () => {
    const dir = tempDir();
    const kernel = createReplayKernel(loadReplaySnapshot(SNAPSHOT));
    const agent = await startAgent(
      { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
      { kernel, logger: pino({ level: 'silent' }) },
    );
    const client = createAgentClient({ host: agent.socket, token: agent.token });
    try {
      const info = await client.host.info.query();
      expect(info).toMatchObject({ hostname: 'host-a', kernel: '6.1.176' });
      expect(info.capabilities).toMatchObject({ ipvlan: true, vlan8021q: true });
      const seen: string[] = [];
      let sub: { unsubscribe(): void } | undefined;
      await new Promise<void>((resolve) => {
        sub = client.events.stream.subscribe(
          {},
          {
            onStarted: () => resolve(),
            onData: ({ data }) =>
              seen.push(`${data.type} ${'link' in data ? data.link : ''}`.trim()),
          },
        );
      });
      await client.networks.create.mutate({
        name: 'v10',
        options: { parent: 'eth0.10' },
        ipam: [{ subnet: '172.16.10.0/24' }],
      });
      await client.containers.create.mutate({ name: 'c1' });
      const connected = await client.networks.connect.mutate({ network: 'v10', container: 'c1' });
      expect(connected.endpoint.ipv4Address).toBe('172.16.10.2/24');
      const links = await kernel.hostLinks();
      expect(links.find((l) => l.name === 'eth0.10')).toMatchObject({
        kind: 'vlan',
        parent: 'eth0',
        vlanId: 10,
        up: true,
      });
      const inside = await kernel.namespaceState('c1');
      expect(inside.links.map((l) => l.name)).toEqual(['lo', 'eth0']);
      expect(inside.addresses).toEqual([{ dev: 'eth0', address: '172.16.10.2/24' }]);
      await new Promise((r) => setTimeout(r, 200));
      expect(seen).toEqual(expect.arrayContaining(['link.added eth0.10', 'network.created']));
      sub?.unsubscribe();
      // Removing undoes it: the VLAN link the agent made goes with its last network.
      await client.networks.disconnect.mutate({ network: 'v10', container: 'c1' });
      await client.networks.remove.mutate({ network: 'v10' });
      expect((await kernel.hostLinks()).map((l) => l.name)).toEqual(['lo', 'eth0', 'mgmt0']);
    } finally {
      await client.close();
      await agent.close();
    }
  });

  it('answers a duplicate link as the kernel does (EEXIST at that op) and keeps the ops before it', () => {
    const kernel = createReplayKernel(loadReplaySnapshot(SNAPSHOT));
    const batch = kernel.runBatch({
      netns: undefined,
      ops: [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'd0' } },
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'd0' } },
      ],
    });
    return expect(batch).rejects.toMatchObject({ index: 1, errno: 'EEXIST' });
  });

  // node compiling the agent's source through tsx took 11 s under load here: a generous timeout.
  it('runs as `underlay agent --kernel replay:FILE`: a real agent process with its socket and token, saying it replays', async () => {
    const dir = tempDir();
    const socket = join(dir, 'a.sock');
    const run = await runAgent(
      [
        '--kernel',
        `replay:${SNAPSHOT}`,
        '--state-dir',
        dir,
        '--socket',
        socket,
        '--docker-plugin',
        'off',
      ],
      /agent listening/,
    );
    try {
      expect(run.output).toContain('REPLAY KERNEL');
      const client = createAgentClient({
        host: socket,
        token: readFileSync(join(dir, 'token'), 'utf8').trim(),
      });
      expect(await client.host.info.query()).toMatchObject({ hostname: 'host-a' });
      await client.close();
    } finally {
      run.stop();
    }
  }, 120_000);

  it('refuses a --kernel value it does not know, and a file that is not a snapshot, naming the flag and the fix', () => {
    expect(() => agentConfig({ kernel: 'replay' })).toThrow(
      /--kernel: expected "netlink" or "replay:FILE"/,
    );
    expect(agentConfig({}).kernel).toBe('netlink');
    const notSnapshot = join(tempDir(), 'x.json');
    writeFileSync(notSnapshot, '{"links": []}');
    expect(() => loadReplaySnapshot(notSnapshot)).toThrow(
      /--kernel replay:.*x\.json: not a valid replay snapshot:\nformat: not a replay snapshot/,
    );
    expect(() => loadReplaySnapshot(join(tempDir(), 'missing.json'))).toThrow(
      /cannot read the snapshot/,
    );
  });
});

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentClient } from '../src/client';
import { lockAgent, resolveStateDir } from '../src/server/agent-lock';
import { startAgent, type RunningAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// One agent per state directory (and per host kernel), refused before it
// opens anything (src/server/agent-lock.ts). The agents here run in one
// process with the kernel stand-in, as the other unit tests' do; the lab's
// single-writer test starts a second real agent in a guest.

const dirs: string[] = [];
const running: RunningAgent[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-lock-'));
  dirs.push(dir);
  return dir;
};
afterEach(async () => {
  for (const agent of running.splice(0)) await agent.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(stateDir: string, socket: string): Promise<RunningAgent> {
  const agent = await startAgent(
    { stateDir, socket, logLevel: 'silent' },
    { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
  );
  running.push(agent);
  return agent;
}

/** A call through the agent's socket: it still serves. */
async function serves(agent: RunningAgent, container: string): Promise<void> {
  const client = createAgentClient({ host: agent.socket, token: agent.token });
  try {
    await expect(client.containers.create.mutate({ name: container })).resolves.toMatchObject({
      name: container,
    });
  } finally {
    await client.close();
  }
}

const refusal = (stateDir: string, pid = process.pid) =>
  `another underlay agent (pid ${pid}) is running with state dir ${resolveStateDir(stateDir)}: stop it first, or give --state-dir another directory`;

describe('one agent per state directory', () => {
  it('refuses a second agent on the same state dir, leaving the first serving; a new one starts once the first closes', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 's');
    const first = await start(stateDir, join(dir, 'a.sock'));
    const token = readFileSync(join(stateDir, 'token'), 'utf8');

    await expect(start(stateDir, join(dir, 'b.sock'))).rejects.toThrow(refusal(stateDir));
    // Refused before it opened anything: no socket, the token as it was.
    expect(existsSync(join(dir, 'b.sock'))).toBe(false);
    expect(readFileSync(join(stateDir, 'token'), 'utf8')).toBe(token);
    await serves(first, 'c1');

    await first.close();
    const again = await start(stateDir, join(dir, 'b.sock'));
    await serves(again, 'c2');
  });

  it('sees one directory through a symlink', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 's'));
    symlinkSync(join(dir, 's'), join(dir, 'link'));
    await start(join(dir, 's'), join(dir, 'a.sock'));
    await expect(start(join(dir, 'link'), join(dir, 'b.sock'))).rejects.toThrow(
      refusal(join(dir, 's')),
    );
  });

  it('starts agents on different state dirs side by side (a kernel stand-in takes no host lock)', async () => {
    const dir = tempDir();
    const a = await start(join(dir, 'a'), join(dir, 'a.sock'));
    const b = await start(join(dir, 'b'), join(dir, 'b.sock'));
    await serves(a, 'c1');
    await serves(b, 'c1');
  });
});

describe('the lock itself', () => {
  // Names of its own, so that a real agent on this machine never meets this test's locks.
  const prefix = `underlay-agent-test-${process.pid}-${Math.random().toString(36).slice(2)}`;

  it('holds the host kernel for one agent whatever its state dir, and names the holder', async () => {
    const dir = tempDir();
    const held = await lockAgent({ stateDir: join(dir, 'a'), hostKernel: true, prefix });
    try {
      await expect(
        lockAgent({ stateDir: join(dir, 'b'), hostKernel: true, prefix }),
      ).rejects.toThrow(
        `another underlay agent (pid ${process.pid}, state dir ${resolveStateDir(join(dir, 'a'))}) is running on this host: stop it first`,
      );
      // The refused one holds nothing: its state dir is free.
      const other = await lockAgent({ stateDir: join(dir, 'b'), hostKernel: false, prefix });
      await other.release();
    } finally {
      await held.release();
    }
    const after = await lockAgent({ stateDir: join(dir, 'b'), hostKernel: true, prefix });
    await after.release();
  });

  it('is free again the moment its holder is SIGKILLed', async () => {
    const dir = tempDir();
    const stateDir = join(dir, 's');
    const name = `${prefix}:host`;
    // A process that binds the host lock's name and says so (it answers no pid).
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('node:net').createServer((s) => s.end()).listen(${JSON.stringify(`\0${name}`)}, () => console.log('held'))`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      holder.stdout.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`the holder exited (${code})`)));
    });
    await expect(lockAgent({ stateDir, hostKernel: true, prefix })).rejects.toThrow(
      'another underlay agent is running on this host: stop it first',
    );
    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const lock = await lockAgent({ stateDir, hostKernel: true, prefix });
    await lock.release();
  });
});

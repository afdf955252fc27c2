import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Replay agents for the hub's scale test and benchmark (issue 19): real agent
// servers (each its own unix socket, token and SQLite state) whose kernel
// port replays the snapshot recorded from a lab guest
// (apps/agent/test/replay/). They run `perProcess` to a node process
// (apps/agent/dist/replay-fleet.js): a node process costs ~0.7 s of CPU and
// ~80 MiB to start, and 100 of them took 305 s to start on this 2-core
// machine under the other engineers' load.

const AGENT_DIR = fileURLToPath(new URL('../../../agent/', import.meta.url));
export const REPLAY_SNAPSHOT = join(AGENT_DIR, 'test/replay/lab-host.replay.json');
const LAUNCHER = join(AGENT_DIR, 'dist/replay-fleet.js');

export interface ReplayHost {
  name: string;
  socket: string;
  token: string;
}

export interface ReplayFleet {
  hosts: ReplayHost[];
  pids: number[];
  stop(): Promise<void>;
}

/** Waits for a launcher's final "ready" line; rejects with its output when it exits first. */
function ready(child: ChildProcess, timeoutMs: number): Promise<void> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`replay agents not ready in ${timeoutMs / 1000} s:\n${output}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/^ready$/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`replay agents exited (${code}) before ready:\n${output}`));
    });
  });
}

/** Starts `count` replay agents named `${prefix}001`…, `perProcess` to a process, under `dir`. */
export async function startReplayFleet(opts: {
  dir: string;
  count: number;
  perProcess: number;
  prefix?: string;
  timeoutMs?: number;
}): Promise<ReplayFleet> {
  if (!existsSync(LAUNCHER))
    throw new Error(
      `${LAUNCHER} is missing: build the agent first (pnpm --filter @underlay/agent build)`,
    );
  const prefix = opts.prefix ?? 'scale-';
  const names = Array.from(
    { length: opts.count },
    (_, i) => `${prefix}${String(i + 1).padStart(3, '0')}`,
  );
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once('exit', () => resolve());
            c.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    const starting: Promise<void>[] = [];
    for (let i = 0; i < names.length; i += opts.perProcess) {
      const child = spawn(
        process.execPath,
        [LAUNCHER, REPLAY_SNAPSHOT, opts.dir, ...names.slice(i, i + opts.perProcess)],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      children.push(child);
      starting.push(ready(child, opts.timeoutMs ?? 240_000));
    }
    await Promise.all(starting);
  } catch (error) {
    await stop();
    throw error;
  }
  const hosts = names.map((name) => ({
    name,
    socket: join(opts.dir, name, 'agent.sock'),
    token: readFileSync(join(opts.dir, name, 'state', 'token'), 'utf8').trim(),
  }));
  return { hosts, pids: children.map((c) => c.pid ?? 0), stop };
}

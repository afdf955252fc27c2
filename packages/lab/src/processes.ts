// The one place that starts host processes.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execa } from 'execa';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs argv to completion; never throws for a non-zero exit. */
export async function run(
  argv: string[],
  opts: { input?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<RunResult> {
  const [file, ...args] = argv as [string, ...string[]];
  const result = await execa(file, args, {
    reject: false,
    input: opts.input,
    timeout: opts.timeoutMs,
    cancelSignal: opts.signal,
    stdin: opts.input === undefined ? 'ignore' : 'pipe',
  });
  return {
    exitCode: result.exitCode ?? (result.timedOut ? 124 : 128),
    stdout: typeof result.stdout === 'string' ? result.stdout : '',
    // No exit code means it never ran (ENOENT…): say why instead of nothing.
    stderr:
      (typeof result.stderr === 'string' ? result.stderr : '') ||
      (result.exitCode === undefined ? (result.shortMessage ?? '') : ''),
  };
}

/** Runs argv and throws with its stderr when it fails. */
export async function runChecked(
  argv: string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const result = await run(argv, opts);
  if (result.exitCode !== 0) {
    throw new Error(`${argv.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`);
  }
  return result.stdout;
}

/**
 * Starts a long-lived process that outlives this one, output to `logFile`.
 * Not `detached`: `setsid` at the head of argv makes the session, and setsid
 * forks (changing the pid) when its caller already leads a process group.
 */
export function launch(argv: string[], logFile: string): number {
  const [file, ...args] = argv as [string, ...string[]];
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(file, args, { stdio: ['ignore', log, log] });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${file}`);
    return child.pid;
  } finally {
    closeSync(log);
  }
}

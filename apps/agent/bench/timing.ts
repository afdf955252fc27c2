import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

// The timing helpers the CLI-facing benches share (cli.bench.ts, ops.bench.ts):
// one definition of "a run's wall time" and of "the median", so their figures
// are taken the same way.

/** Runs node with `argv`; resolves to its wall time in ms (rejects on a non-zero exit, with its stderr). */
export function timedNode(argv: string[], env: Record<string, string> = {}): Promise<number> {
  const start = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, argv, { env: { ...process.env, ...env } }, (error, _out, stderr) =>
      error
        ? reject(new Error(`${argv.join(' ')}: ${stderr || error.message}`))
        : resolve(performance.now() - start),
    ),
  );
}

/** The middle value of `xs` (the upper one of the two middles for an even count). */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** This machine's load average (1, 5, 15 min), as printed beside each bench's figures. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

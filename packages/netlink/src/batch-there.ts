import { batchError, batchLines } from './batch.js';
import { netnsHere } from './batch-here.js';
import { readHere } from './batch-read.js';
import type { BatchOp } from './batch-op.js';
import { createBatchFiles } from './batch-files.js';
import { NetlinkError } from './errors.js';
import { forkBatch, startForker } from './ns-forker.js';
import { parseLinks, type Link } from './parse-link.js';
import { netnsAddArgs, netnsDelArgs } from './argv.js';
import { parseNetns } from './specs.js';
import {
  DEFAULT_RUNTIME_DIR,
  failureOf,
  parseListing,
  queued,
  type RunnerState,
} from './batch-runner-state.js';

// Named namespaces (and listings and netns verbs anywhere): lines in a batch
// file that the runner's forker runs as `ip -n NS -batch FILE` (see batch-session.ts).

/** How a failed run ended, for the caller to turn into its own error. */
type Failure = { errno: string; exitCode: number; stderr: string };

/**
 * A named namespace: `lines` in a batch file, run by the forker; returns ip's stdout or throws what `fail` makes of a
 * failure (errno EABORTED when `signal` stopped it).
 */
async function runThere(
  s: RunnerState,
  run: { netns: string; lines: string[]; json: boolean; signal?: AbortSignal | undefined },
  fail: (f: Failure & { file: string }) => Error,
): Promise<string> {
  const { netns, lines, json, signal } = run;
  const files = (s.files ??= createBatchFiles(s.runtimeDir ?? DEFAULT_RUNTIME_DIR));
  const file = files.write(lines);
  try {
    if (signal?.aborted) throw fail({ errno: 'EABORTED', exitCode: -1, stderr: '', file });
    if (!s.forker?.alive) s.forker = startForker();
    const answer = await forkBatch(
      s.forker,
      { netns, file, json, ...(signal ? { signal } : {}) },
      s.timeoutMs,
    );
    if (answer.outcome === 'answered' && answer.exitCode === 0) return answer.stdout;
    const failure = await failureOf(answer, s.forker);
    throw fail({
      ...failure,
      ...(signal?.aborted && answer.outcome === 'answered' ? { errno: 'EABORTED' } : {}),
      file,
    });
  } finally {
    files.remove(file);
  }
}

/** A listing's error: EABORTED when its signal stopped it, else what ip said. */
function listingError(op: string, argv: string[], netns: string | undefined, f: Failure) {
  return f.errno === 'EABORTED'
    ? new NetlinkError({
        op,
        argv,
        netns,
        errno: 'EABORTED',
        stderr: '',
        exitCode: f.exitCode,
        message: `${op}: stopped before it finished (aborted) [EABORTED]`,
      })
    : new NetlinkError({
        op,
        argv,
        netns,
        errno: f.errno,
        stderr: f.stderr,
        exitCode: f.exitCode,
      });
}

// Runs one listing through the forker, or on the reader (batch-read.ts) for the caller's namespace while its link
// monitor reports renames; `signal` may stop it (see BatchRunner.linkList).
export function list<T>(
  s: RunnerState,
  listing: {
    op: string;
    netns: string | undefined;
    line: string;
    signal?: AbortSignal | undefined;
  },
  parse: (stdout: string) => T,
): Promise<T> {
  const { op, line, signal } = listing;
  const name = parseNetns(op, listing.netns);
  const argv = ['ip', ...(name ? ['-n', name] : []), '-d', '-json', ...line.split(' ')];
  const failed = (f: Failure) => listingError(op, argv, name, f);
  return queued(s, op, name, async () =>
    parseListing(
      op,
      name ?? '',
      argv,
      name === undefined && s.readerOn
        ? await readHere(s, line, signal, failed)
        : await runThere(s, { netns: name ?? '', lines: [line], json: true, signal }, failed),
      parse,
    ),
  );
}

// `netns add|del NAME` as lines of the ip session (batch-here.ts), with the one-shot verbs' argv in its errors.
export function netnsVerb(
  s: RunnerState,
  op: 'netnsAdd' | 'netnsDel',
  netns: string,
): Promise<void> {
  const name = parseNetns(op, netns) ?? '';
  const args = op === 'netnsAdd' ? netnsAddArgs(name) : netnsDelArgs(name);
  const failed = (f: Failure) =>
    new NetlinkError({
      op,
      argv: ['ip', ...args],
      errno: f.errno,
      stderr: f.stderr,
      exitCode: f.exitCode,
    });
  return queued(s, op, undefined, () => netnsHere(s, op, name, args, failed));
}

// A batch in a named namespace, with (`withLinks`) the namespace's links after it from the same ip run.
export async function runBatchThere(
  s: RunnerState,
  netns: string,
  ops: BatchOp[],
  withLinks: boolean,
): Promise<{ ran: number; links?: Link[] }> {
  const lines = [...batchLines(ops), ...(withLinks ? ['link show'] : [])];
  const output = await runThere(s, { netns, lines, json: withLinks }, (f) =>
    batchError({
      netns,
      ops,
      argv: ['ip', '-n', netns, '-batch', f.file],
      stderr: f.stderr,
      errno: f.errno,
      exitCode: f.exitCode,
      source: f.file,
    }),
  );
  if (!withLinks) return { ran: ops.length };
  const argv = ['ip', '-n', netns, '-d', '-json', 'link', 'show'];
  return { ran: ops.length, links: parseListing('batch', netns, argv, output, parseLinks) };
}

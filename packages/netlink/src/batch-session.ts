import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { type Addr, parseAddrs } from './addrs.js';
import { batchError, batchLines, parseBatch, type BatchSpec } from './batch.js';
import type { BatchOp } from './batch-op.js';
import { createBatchFiles, type BatchFiles } from './batch-files.js';
import { converse, request, stopConversation, type Conversation } from './conversation.js';
import { errnoFromStderr } from './errno.js';
import { NetlinkError } from './errors.js';
import { startIp } from './exec.js';
import { forkBatch, startForker, type ForkAnswer } from './ns-forker.js';
import { parseLinks, type Link } from './parse-link.js';
import { netnsAddArgs, netnsDelArgs } from './argv.js';
import { parseNetns } from './specs.js';

// Starting a process from node costs 50–400 ms in a lab guest, so a caller
// that runs many batches keeps two small processes alive and never spawns:
// - its own namespace's ops are stdin lines of one `ip -batch -` session;
// - a named namespace's ops go to a batch file that the forker (ns-forker.ts,
//   a fixed `sh` loop) runs as `ip -n NS -batch FILE`, one vfork each, the
//   same cost as a plain script's line. Nothing holds a named namespace open
//   between batches, so deleting one needs no coordination.
// On the ip session, a sentinel command follows each batch; its answer means
// "every line before me succeeded". Without -force, iproute2 stops at the
// first failing line, says "Command failed -:N" (N counts every line the
// process read) and exits, so the next batch respawns it. The forker
// survives failures: ip's exit status and stderr ("Command failed FILE:N")
// come back per run.

/** Every namespace has `lo`, so this succeeds wherever the batch ran. */
const SENTINEL = 'link show dev lo';
/** Its answer: "N: lo: <…>" then "    link/loopback …". */
const SENTINEL_ANSWER = /^\d+: lo: [^\n]*\n[^\n]*link\/loopback[^\n]*\n/m;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RUNTIME_DIR = '/run/underlay';

interface IpSession extends Conversation {
  /** Lines written so far: maps iproute2's line number back to an op. */
  lines: number;
}

export interface BatchRunner {
  /**
   * Same contract as batch(): runs the ops in order in one namespace; throws
   * NetlinkError with `index` on failure. With `links: true` (a named
   * namespace only) it also returns the namespace's links as they are after
   * the ops, read by the same ip process.
   */
  run(spec: BatchSpec & { links?: boolean }): Promise<{ ran: number; links?: Link[] }>;
  /**
   * A named namespace's links (no `netns`: the caller's own, still through the forker: no process start from node).
   * Equivalent to: ip [-n NS] -d -json link show
   * With `signal`, aborting it stops the listing (not yet started: it never runs; running: its ip process is ended)
   * and it rejects with errno EABORTED; background readers use this to give way to operations.
   */
  linkList(spec: { netns?: string; signal?: AbortSignal }): Promise<Link[]>;
  /** A named namespace's addresses (no `netns`: the caller's). Equivalent to: ip [-n NS] -d -json addr show. `signal` as for linkList. */
  addrList(spec: { netns?: string; signal?: AbortSignal }): Promise<Addr[]>;
  /**
   * Creates or deletes a named namespace through the forker (a one-line batch file in a fresh ip: iproute2 moves the
   * process that ran `netns add` into the new namespace, so it never runs on the long-lived session). EEXIST / ENOENT
   * as the one-shot verbs report them. Equivalent to: ip netns add|del NAME
   */
  netns(spec: { op: 'netnsAdd' | 'netnsDel'; name: string }): Promise<void>;
  /** Starts the session and the forker now, so the first request does not pay for their start. */
  start(): void;
  /**
   * A named namespace's links and addresses from one ip run (`ip [-n NS] -d -json addr show` carries both): what
   * linkList and addrList return, for one process instead of two (no `netns`: the caller's). `signal` as for linkList.
   */
  namespaceState(spec: {
    netns?: string;
    signal?: AbortSignal;
  }): Promise<{ links: Link[]; addrs: Addr[] }>;
  /** Pids of the live processes and the batch file directory, for tests. */
  session(): { pid: number | undefined; forkerPid: number | undefined; dir: string | undefined };
  /** Ends both processes and removes the batch file directory; later requests fail. */
  close(): Promise<void>;
}

/** Parses a listing's output; output that does not parse is EPARSE, like runIpParsed. */
function parseListing<T>(
  op: string,
  netns: string,
  argv: string[],
  output: string,
  parse: (stdout: string) => T,
): T {
  try {
    return parse(output);
  } catch (e) {
    throw new NetlinkError({
      op,
      argv,
      netns,
      errno: 'EPARSE',
      stderr: '',
      message: `${op}: cannot parse the output of ip (${(e as Error).message.split('\n')[0]}) [EPARSE]`,
    });
  }
}

/** The errno and exit code of a failed run, from how it ended. */
async function failureOf(
  a: ForkAnswer | { outcome: 'exited' | 'timeout' },
  c: Conversation,
): Promise<{ errno: string; exitCode: number; stderr: string }> {
  if (a.outcome === 'answered')
    return { errno: errnoFromStderr(a.stderr), exitCode: a.exitCode, stderr: a.stderr };
  if (a.outcome === 'timeout') {
    await stopConversation(c);
    return { errno: 'ETIMEDOUT', exitCode: -1, stderr: c.stderr };
  }
  const exitCode = await c.exited;
  return {
    errno: exitCode === -1 && c.stderr === '' ? 'ESPAWN' : errnoFromStderr(c.stderr),
    exitCode,
    stderr: c.stderr,
  };
}

/** How many names a host session may have resolved before it is replaced (its cache and our record of it stay small). */
const NAMED_MAX = 4096;

/** Link names a batch op makes ip resolve (or remember). */
function namesIn(op: BatchOp): string[] {
  switch (op.op) {
    case 'linkAdd':
      return [op.spec.name];
    case 'addrAdd':
    case 'addrDel':
      return [op.dev];
    case 'routeReplace':
    case 'routeDel':
      return op.dev ? [op.dev] : [];
    case 'linkRename':
      return [op.name, op.newName];
    default:
      return 'name' in op ? [op.name] : [];
  }
}

/**
 * Removes the batch-file directories under `runtimeDir` that a process killed
 * mid-batch left behind (a SIGKILL skips their cleanup). Only for a caller
 * that is the one user of `runtimeDir` and has not run a batch yet (the agent
 * at start); returns how many were removed.
 */
export function sweepBatchFiles(runtimeDir: string = DEFAULT_RUNTIME_DIR): number {
  if (!existsSync(runtimeDir)) return 0;
  const stale = readdirSync(runtimeDir).filter((name) => name.startsWith('batch-'));
  for (const name of stale) rmSync(join(runtimeDir, name), { recursive: true, force: true });
  return stale.length;
}

/**
 * Runs batches and namespace listings through an `ip -batch -` session in the
 * caller's namespace and a forker for named ones (see above). Requests run
 * one at a time, in the order they were made; a process that died is replaced.
 * `runtimeDir`: where a private (0700) directory for batch files is made.
 */
export function createBatchRunner(
  opts: { timeoutMs?: number; runtimeDir?: string } = {},
): BatchRunner {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let ip: IpSession | undefined;
  let forker: Conversation | undefined;
  let files: BatchFiles | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;
  /** Link names the current host session has resolved (see runHere). */
  const named = new Set<string>();

  const closedError = (op: string, netns: string | undefined) =>
    new NetlinkError({
      op,
      argv: [],
      netns,
      errno: 'ECLOSED',
      stderr: '',
      message: `${op}: the batch runner is closed [ECLOSED]`,
    });

  /** Queues a job behind the others. */
  const queued = <T>(op: string, netns: string | undefined, job: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(closedError(op, netns));
    const result = tail.then(() => {
      if (closed) throw closedError(op, netns);
      return job();
    });
    tail = result.catch(() => undefined);
    return result;
  };

  /** The caller's namespace: ops as stdin lines of the ip session, then the sentinel. */
  const runHere = async (ops: ReturnType<typeof parseBatch>['ops']): Promise<{ ran: number }> => {
    // ip keeps a name→index cache for its whole life: a link this session named once, deleted
    // by someone else and now made again under the same name would still resolve to the old
    // index (ENODEV on the next line). Such a batch gets a fresh session; random names
    // (a connect's temporary links) are never seen twice, so connects keep the session.
    // (The set is bounded the same way: past NAMED_MAX names, the session starts afresh.)
    if (
      ip?.alive &&
      (named.size > NAMED_MAX || ops.some((o) => o.op === 'linkAdd' && named.has(o.spec.name)))
    ) {
      await stopConversation(ip);
      named.clear();
    }
    for (const o of ops) for (const name of namesIn(o)) named.add(name);
    // Object.assign, not a spread: converse's listeners write to the object it made.
    if (!ip?.alive) ip = Object.assign(converse(startIp({ args: ['-batch', '-'] })), { lines: 0 });
    const s = ip;
    const linesBefore = s.lines;
    s.lines += ops.length + 1;
    const answer = await request(
      s,
      `${batchLines(ops).join('\n')}\n${SENTINEL}\n`,
      (c) => (SENTINEL_ANSWER.test(c.stdout) ? true : undefined),
      timeoutMs,
    );
    if (answer.outcome === 'answered') return { ran: ops.length };
    const { errno, exitCode, stderr } = await failureOf(answer, s);
    throw batchError({ netns: undefined, ops, argv: s.argv, stderr, errno, exitCode, linesBefore });
  };

  /**
   * A named namespace: `lines` in a batch file, run by the forker; returns ip's stdout or throws what `fail` makes of a
   * failure (errno EABORTED when `signal` stopped it).
   */
  const runThere = async (
    netns: string,
    lines: string[],
    json: boolean,
    fail: (f: { errno: string; exitCode: number; stderr: string; file: string }) => Error,
    signal?: AbortSignal,
  ): Promise<string> => {
    files ??= createBatchFiles(opts.runtimeDir ?? DEFAULT_RUNTIME_DIR);
    const file = files.write(lines);
    try {
      if (signal?.aborted) throw fail({ errno: 'EABORTED', exitCode: -1, stderr: '', file });
      if (!forker?.alive) forker = startForker();
      const answer = await forkBatch(
        forker,
        { netns, file, json, ...(signal ? { signal } : {}) },
        timeoutMs,
      );
      if (answer.outcome === 'answered' && answer.exitCode === 0) return answer.stdout;
      const failure = await failureOf(answer, forker);
      throw fail({
        ...failure,
        ...(signal?.aborted && answer.outcome === 'answered' ? { errno: 'EABORTED' } : {}),
        file,
      });
    } finally {
      files.remove(file);
    }
  };

  /** Runs one listing in a named namespace; `signal` may stop it (see BatchRunner.linkList). */
  const list = <T>(
    op: string,
    netns: string | undefined,
    line: string,
    parse: (stdout: string) => T,
    signal?: AbortSignal,
  ): Promise<T> => {
    const name = parseNetns(op, netns);
    const argv = ['ip', ...(name ? ['-n', name] : []), '-d', '-json', ...line.split(' ')];
    const failed = (f: { errno: string; exitCode: number; stderr: string }) =>
      f.errno === 'EABORTED'
        ? new NetlinkError({
            op,
            argv,
            netns: name,
            errno: 'EABORTED',
            stderr: '',
            exitCode: f.exitCode,
            message: `${op}: stopped before it finished (aborted) [EABORTED]`,
          })
        : new NetlinkError({
            op,
            argv,
            netns: name,
            errno: f.errno,
            stderr: f.stderr,
            exitCode: f.exitCode,
          });
    return queued(op, name, async () =>
      parseListing(
        op,
        name ?? '',
        argv,
        await runThere(name ?? '', [line], true, failed, signal),
        parse,
      ),
    );
  };

  /** `netns add|del NAME` as a one-line batch file run by the forker in the caller's namespace. */
  const netnsVerb = (op: 'netnsAdd' | 'netnsDel', netns: string): Promise<void> => {
    const name = parseNetns(op, netns) ?? '';
    const args = op === 'netnsAdd' ? netnsAddArgs(name) : netnsDelArgs(name);
    const failed = (f: { errno: string; exitCode: number; stderr: string }) =>
      new NetlinkError({
        op,
        argv: ['ip', ...args],
        errno: f.errno,
        stderr: f.stderr,
        exitCode: f.exitCode,
      });
    return queued(op, undefined, async () => {
      await runThere('', [args.join(' ')], false, failed);
    });
  };

  return {
    run(spec) {
      const { netns, ops } = parseBatch(spec);
      if (closed) return Promise.reject(closedError('batch', netns));
      if (ops.length === 0) return Promise.resolve({ ran: 0 });
      if (netns === undefined) return queued('batch', netns, () => runHere(ops));
      const withLinks = spec.links === true;
      return queued('batch', netns, async () => {
        const lines = [...batchLines(ops), ...(withLinks ? ['link show'] : [])];
        const output = await runThere(netns, lines, withLinks, (f) =>
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
        return withLinks
          ? {
              ran: ops.length,
              links: parseListing(
                'batch',
                netns,
                ['ip', '-n', netns, '-d', '-json', 'link', 'show'],
                output,
                parseLinks,
              ),
            }
          : { ran: ops.length };
      });
    },
    linkList: ({ netns, signal }) => list('linkList', netns, 'link show', parseLinks, signal),
    netns: ({ op, name }) => netnsVerb(op, name),
    start() {
      if (closed) return;
      if (!ip?.alive)
        ip = Object.assign(converse(startIp({ args: ['-batch', '-'] })), { lines: 0 });
      if (!forker?.alive) forker = startForker();
    },
    addrList: ({ netns, signal }) => list('addrList', netns, 'addr show', parseAddrs, signal),
    namespaceState: ({ netns, signal }) =>
      list(
        'namespaceState',
        netns,
        'addr show',
        (out) => ({ links: parseLinks(out), addrs: parseAddrs(out) }),
        signal,
      ),
    session: () => ({
      pid: ip?.alive ? ip.child.pid : undefined,
      forkerPid: forker?.alive ? forker.child.pid : undefined,
      dir: files?.dir,
    }),
    async close() {
      closed = true;
      await tail;
      await Promise.all([stopConversation(ip), stopConversation(forker)]);
      files?.close();
      files = undefined;
    },
  };
}

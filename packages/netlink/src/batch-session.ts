import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseAddrs, type Addr } from './addrs.js';
import { parseBatch, type BatchSpec } from './batch.js';
import { linkGone, primeSession, startSession, runHere } from './batch-here.js';
import {
  closedError,
  DEFAULT_RUNTIME_DIR,
  queued,
  type RunnerState,
} from './batch-runner-state.js';
import { followRenames, linkRenamed, primeReader, startReader } from './batch-read.js';
import { list, netnsVerb, runBatchThere } from './batch-there.js';
import { stopConversation } from './conversation.js';
import { startForker } from './ns-forker.js';
import { parseLinks, type Link } from './parse-link.js';

// Starting a process from node costs 50–400 ms in a lab guest, so a caller
// that runs many batches keeps small processes alive and never spawns:
// - its own namespace's ops are stdin lines of one `ip -batch -` session, and
//   its listings lines of one `ip -d -json -batch -` reader while its link
//   monitor reports renames (batch-read.ts);
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

const DEFAULT_TIMEOUT_MS = 30_000;

export interface BatchRunner {
  /**
   * Same contract as batch(): runs the ops in order in one namespace; throws
   * NetlinkError with `index` on failure. With `links: true` (a named
   * namespace only) it also returns the namespace's links as they are after
   * the ops, read by the same ip process.
   */
  run(spec: BatchSpec & { links?: boolean }): Promise<{ ran: number; links?: Link[] }>;
  /**
   * A named namespace's links (no `netns`: the caller's own, on the reader or the forker: no process start from node).
   * Equivalent to: ip [-n NS] -d -json link show
   * With `signal`, aborting it stops the listing (not yet started: it never runs; running: its ip process is ended)
   * and it rejects with errno EABORTED; background readers use this to give way to operations.
   */
  linkList(spec: { netns?: string; signal?: AbortSignal }): Promise<Link[]>;
  /** A named namespace's addresses (no `netns`: the caller's). Equivalent to: ip [-n NS] -d -json addr show. `signal` as for linkList. */
  addrList(spec: { netns?: string; signal?: AbortSignal }): Promise<Addr[]>;
  /**
   * Creates a named namespace through the forker (a one-line batch file in a fresh ip: older iproute2 releases left the
   * process that ran `netns add` in the new namespace, so it never runs on the long-lived session), or deletes one on
   * the session (`netns del` only unmounts and removes the name). EEXIST / ENOENT as the one-shot verbs report them.
   * Equivalent to: ip netns add|del NAME
   */
  netns(spec: { op: 'netnsAdd' | 'netnsDel'; name: string }): Promise<void>;
  /**
   * Starts the session, the forker and the reader now, so the first request does not pay for their start; the session
   * and the reader answer one read (`link show dev lo`) right away, so the first request does not pay for ip's own
   * first command either.
   */
  start(): void;
  /**
   * A named namespace's links and addresses from one ip run (`ip [-n NS] -d -json addr show` carries both): what
   * linkList and addrList return, for one process instead of two (no `netns`: the caller's). `signal` as for linkList.
   */
  namespaceState(spec: {
    netns?: string;
    signal?: AbortSignal;
  }): Promise<{ links: Link[]; addrs: Addr[] }>;
  /**
   * Tells the runner a link of the caller's namespace is gone (the caller's link monitor saw it deleted): if the ip
   * session had looked that name up and did not remove it itself, the next batch runs in a fresh session, since ip
   * caches name→index for its life and a link made again under that name gets a new index.
   */
  linkGone(name: string): void;
  /**
   * Tells the runner a link of the caller's namespace was renamed (its monitor saw an index under a new name): ip
   * prints a link's parent by the name it cached for that index, so the next listing runs on a fresh reader, and
   * the next batch in a fresh session (which may have resolved the old name).
   */
  linkRenamed(): void;
  /**
   * The caller's link monitor runs and reports renames (`on`), or stopped: only while it runs are the caller's
   * namespace's listings lines of one long-lived `ip -d -json -batch -` (batch-read.ts), since ip prints a renamed
   * parent under its old name for its whole life; otherwise each is a fresh ip through the forker.
   */
  followRenames(on: boolean): void;
  /** Pids of the live processes and the batch file directory, for tests. */
  session(): {
    pid: number | undefined;
    forkerPid: number | undefined;
    readerPid: number | undefined;
    dir: string | undefined;
  };
  /** Ends the processes and removes the batch file directory; later requests fail. */
  close(): Promise<void>;
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

/** `run` of a BatchRunner: the caller's namespace on the ip session, a named one through the forker. */
function runBatch(
  s: RunnerState,
  spec: BatchSpec & { links?: boolean },
): Promise<{ ran: number; links?: Link[] }> {
  const { netns, ops } = parseBatch(spec);
  if (s.closed) return Promise.reject(closedError('batch', netns));
  if (ops.length === 0) return Promise.resolve({ ran: 0 });
  if (netns === undefined) return queued(s, 'batch', netns, () => runHere(s, ops));
  const withLinks = spec.links === true;
  return queued(s, 'batch', netns, () => runBatchThere(s, netns, ops, withLinks));
}

// Started before the first request (and the reader primed), since a process start from node is slow in a guest and
// blocks the event loop: an agent starts them before it listens, so its first calls pay for none.
/** Starts whichever of the three processes is not running; a new ip session or reader answers once before any request. */
function startAll(s: RunnerState): void {
  if (s.closed) return;
  if (!s.ip?.alive) {
    s.ip = startSession();
    queued(s, 'batch', undefined, () => primeSession(s)).catch(() => undefined);
  }
  if (!s.forker?.alive) s.forker = startForker();
  if (!s.reader?.alive) {
    s.reader = startReader();
    queued(s, 'listing', undefined, () => primeReader(s)).catch(() => undefined);
  }
}

/** The live processes' pids and the batch file directory (BatchRunner.session). */
function processes(s: RunnerState): ReturnType<BatchRunner['session']> {
  const pid = (c: { alive: boolean; child: { pid?: number | undefined } } | undefined) =>
    c?.alive ? c.child.pid : undefined;
  return { pid: pid(s.ip), forkerPid: pid(s.forker), readerPid: pid(s.reader), dir: s.files?.dir };
}

/** Ends the processes once the queue is empty and removes the batch file directory. */
async function closeRunner(s: RunnerState): Promise<void> {
  s.closed = true;
  await s.tail;
  await Promise.all([
    stopConversation(s.ip),
    stopConversation(s.forker),
    stopConversation(s.reader),
  ]);
  s.files?.close();
  s.files = undefined;
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
  const s: RunnerState = {
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    runtimeDir: opts.runtimeDir,
    ip: undefined,
    forker: undefined,
    files: undefined,
    tail: Promise.resolve(),
    closed: false,
    named: new Set<string>(),
    removed: new Set<string>(),
    stale: false,
    reader: undefined,
    readerOn: false,
    readerStale: false,
  };
  return {
    run: (spec) => runBatch(s, spec),
    linkList: ({ netns, signal }) =>
      list(s, { op: 'linkList', netns, line: 'link show', signal }, parseLinks),
    netns: ({ op, name }) => netnsVerb(s, op, name),
    start: () => startAll(s),
    addrList: ({ netns, signal }) =>
      list(s, { op: 'addrList', netns, line: 'addr show', signal }, parseAddrs),
    namespaceState: ({ netns, signal }) =>
      list(s, { op: 'namespaceState', netns, line: 'addr show', signal }, (out) => ({
        links: parseLinks(out),
        addrs: parseAddrs(out),
      })),
    linkGone: (name) => linkGone(s, name),
    linkRenamed: () => linkRenamed(s),
    followRenames: (on) => followRenames(s, on),
    session: () => processes(s),
    close: () => closeRunner(s),
  };
}

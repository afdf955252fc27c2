import { addrListArgs, batchLine, linkListArgs } from './argv.js';
import { parseAddrs, type Addr } from './addrs.js';
import { batchError, batchLines, parseBatch, type BatchSpec } from './batch.js';
import { createBatchFiles, type BatchFiles } from './batch-files.js';
import { errnoFromStderr } from './errno.js';
import { NetlinkError } from './errors.js';
import { startIp } from './exec.js';
import { parseLinks, type Link } from './parse-link.js';
import { parseNetns } from './specs.js';

// Starting a process from node costs 50–400 ms in a lab guest (node's fork of
// a big process is slow under UML), while `ip` forks in a few ms. So a caller
// that runs many batches keeps ONE `ip -batch -` alive in its own namespace,
// and that small process does every fork:
// - ops for the caller's namespace are its stdin lines;
// - ops for a named namespace go to a batch file, run by the line
//   `netns exec NS ip -batch FILE`: in batch mode iproute2 forks, switches
//   the child's namespace, execs, waits, and fails the line when the child
//   fails (lib/exec.c, cmd_exec with do_fork = batch_mode);
// - listings of a named namespace are `netns exec NS ip -json …`, whose JSON
//   arrives on the session's stdout before the sentinel's answer.
// Nothing holds a named namespace open between batches, so deleting one needs
// no coordination. After each request comes a sentinel command whose answer
// means "every line before me succeeded"; without -force, iproute2 stops at
// the first failing line, says "Command failed -:N" (N counts every line the
// process read) and exits, so the next request respawns it.

/** Every namespace has `lo`, so this succeeds wherever the batch ran. */
const SENTINEL = 'link show dev lo';
/** Its answer, in text: "N: lo: <…>" then "    link/loopback …" (JSON listings before it start with "["). */
const SENTINEL_ANSWER = /^\d+: lo: [^\n]*\n[^\n]*link\/loopback[^\n]*\n/m;

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RUNTIME_DIR = '/run/underlay';

interface Session {
  argv: string[];
  child: ReturnType<typeof startIp>['child'];
  /** Lines written so far: maps iproute2's line number back to an op. */
  lines: number;
  stdout: string;
  stderr: string;
  alive: boolean;
  /** Exit code once the process ended (-1 when it never ran or was killed). */
  exited: Promise<number>;
  /** Called whenever output arrives or the process ends. */
  wake: (() => void) | undefined;
}

/** What one request to the session came to: its output before the sentinel, or how it failed. */
type Answer =
  | { outcome: 'answered'; output: string }
  | { outcome: 'exited' | 'timeout'; session: Session; linesBefore: number };

export interface BatchRunner {
  /**
   * Same contract as batch(): runs the ops in order in one namespace; throws
   * NetlinkError with `index` on failure. With `links: true` (a named
   * namespace only) it also returns the namespace's links as they are after
   * the ops, read by the same process.
   */
  run(spec: BatchSpec & { links?: boolean }): Promise<{ ran: number; links?: Link[] }>;
  /** A named namespace's links. Equivalent to: ip netns exec NS ip -d -json link show */
  linkList(spec: { netns: string }): Promise<Link[]>;
  /** A named namespace's addresses. Equivalent to: ip netns exec NS ip -json addr show */
  addrList(spec: { netns: string }): Promise<Addr[]>;
  /** The session's pid (undefined before the first request or after a failure) and its batch file directory, for tests. */
  session(): { pid: number | undefined; dir: string | undefined };
  /** Ends the session and removes its batch file directory; later requests fail. */
  close(): Promise<void>;
}

function startSession(): Session {
  const { argv, child } = startIp({ args: ['-batch', '-'] });
  const s: Session = { argv, child, lines: 0, stdout: '', stderr: '', alive: true, exited: Promise.resolve(-1), wake: undefined };
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stdout?.on('data', (d: string) => { s.stdout += d; s.wake?.(); });
  child.stderr?.on('data', (d: string) => { s.stderr += d; s.wake?.(); });
  child.stdin?.on('error', () => undefined); // a write after exit: the exit itself is reported
  s.exited = child.then((r) => r.exitCode ?? -1, () => -1).then((code) => {
    s.alive = false;
    s.wake?.();
    return code;
  });
  return s;
}

async function stopSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  if (s.alive) s.child.kill('SIGKILL');
  await s.exited;
}

/** Writes `lines` then the sentinel, and waits for the sentinel's answer, the process's end, or the timeout. */
function ask(s: Session, lines: string[], timeoutMs: number): Promise<Answer> {
  const linesBefore = s.lines;
  s.stdout = '';
  s.stderr = '';
  s.lines += lines.length + 1;
  s.child.stdin?.write(`${lines.join('\n')}\n${SENTINEL}\n`);
  return new Promise((resolve) => {
    const finish = (a: Answer) => {
      clearTimeout(timer);
      s.wake = undefined;
      resolve(a);
    };
    const timer = setTimeout(() => finish({ outcome: 'timeout', session: s, linesBefore }), timeoutMs);
    s.wake = () => {
      const answer = SENTINEL_ANSWER.exec(s.stdout);
      if (answer) {
        const output = s.stdout.slice(0, answer.index);
        s.stdout = '';
        finish({ outcome: 'answered', output });
      } else if (!s.alive) finish({ outcome: 'exited', session: s, linesBefore });
    };
    s.wake();
  });
}

/** The errno of a request that did not get its answer. */
async function failureErrno(a: Exclude<Answer, { outcome: 'answered' }>): Promise<{ errno: string; exitCode: number | undefined }> {
  if (a.outcome === 'timeout') {
    await stopSession(a.session);
    return { errno: 'ETIMEDOUT', exitCode: undefined };
  }
  const exitCode = await a.session.exited;
  return { errno: exitCode === -1 && a.session.stderr === '' ? 'ESPAWN' : errnoFromStderr(a.session.stderr), exitCode };
}

/** Parses a listing's output; output that does not parse is EPARSE, like runIpParsed. */
function parseListing<T>(op: string, netns: string, argv: string[], output: string, parse: (stdout: string) => T): T {
  try {
    return parse(output);
  } catch (e) {
    throw new NetlinkError({
      op, argv, netns, errno: 'EPARSE', stderr: '', message: `${op}: cannot parse the output of ip (${(e as Error).message.split('\n')[0]}) [EPARSE]`,
    });
  }
}

/**
 * Runs batches and namespace listings through one long-lived `ip -batch -`
 * in the caller's namespace (see above). Requests run one at a time, in the
 * order they were made; a session whose process died is replaced.
 * `runtimeDir`: where a private (0700) directory for batch files is made.
 */
export function createBatchRunner(opts: { timeoutMs?: number; runtimeDir?: string } = {}): BatchRunner {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let session: Session | undefined;
  let files: BatchFiles | undefined;
  let tail: Promise<unknown> = Promise.resolve();
  let closed = false;

  const closedError = (op: string, netns: string | undefined) =>
    new NetlinkError({ op, argv: [], netns, errno: 'ECLOSED', stderr: '', message: `${op}: the batch runner is closed [ECLOSED]` });

  /** Queues a request behind the others, on a live session. */
  const queued = <T>(op: string, netns: string | undefined, job: (s: Session) => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(closedError(op, netns));
    const result = tail.then(() => {
      if (closed) throw closedError(op, netns);
      if (!session?.alive) session = startSession();
      return job(session);
    });
    tail = result.catch(() => undefined);
    return result;
  };

  const filesOf = (): BatchFiles => (files ??= createBatchFiles(opts.runtimeDir ?? DEFAULT_RUNTIME_DIR));

  /** Runs one listing in a named namespace through the session. */
  const list = <T>(op: string, netns: string, args: string[], parse: (stdout: string) => T): Promise<T> => {
    const name = parseNetns(op, netns) ?? '';
    const argv = ['ip', 'netns', 'exec', name, 'ip', ...args];
    return queued(op, name, async (s) => {
      const answer = await ask(s, [batchLine(argv.slice(1))], timeoutMs);
      if (answer.outcome === 'answered') return parseListing(op, name, argv, answer.output, parse);
      const { errno, exitCode } = await failureErrno(answer);
      throw new NetlinkError({ op, argv, netns: name, errno, stderr: answer.session.stderr, exitCode });
    });
  };

  return {
    run(spec) {
      const { netns, ops } = parseBatch(spec);
      if (closed) return Promise.reject(closedError('batch', netns));
      if (ops.length === 0) return Promise.resolve({ ran: 0 });
      const withLinks = spec.links === true && netns !== undefined;
      return queued('batch', netns, async (s) => {
        const opLines = batchLines(ops);
        // The caller's namespace reads the ops as stdin lines; another one gets them in a file run by a forked ip.
        const file = netns === undefined ? undefined : filesOf().write([...opLines, ...(withLinks ? ['link show'] : [])]);
        try {
          const inner = ['netns', 'exec', netns ?? '', 'ip', ...(withLinks ? ['-d', '-json'] : []), '-batch', file ?? ''];
          const lines = file === undefined ? opLines : [batchLine(inner)];
          const answer = await ask(s, lines, timeoutMs);
          if (answer.outcome === 'answered') {
            const links = withLinks ? parseListing('batch', netns ?? '', s.argv, answer.output, parseLinks) : undefined;
            return { ran: ops.length, ...(links ? { links } : {}) };
          }
          const { errno, exitCode } = await failureErrno(answer);
          const argv = file === undefined ? s.argv : ['ip', ...inner];
          throw batchError({
            netns, ops, argv, stderr: answer.session.stderr, errno, exitCode: exitCode ?? -1,
            ...(file === undefined ? { linesBefore: answer.linesBefore } : { source: file }),
          });
        } finally {
          if (file !== undefined) files?.remove(file);
        }
      });
    },
    linkList: ({ netns }) => list('linkList', netns, linkListArgs(), parseLinks),
    addrList: ({ netns }) => list('addrList', netns, addrListArgs({}), parseAddrs),
    session: () => ({ pid: session?.alive ? session.child.pid : undefined, dir: files?.dir }),
    async close() {
      closed = true;
      await tail;
      await stopSession(session);
      files?.close();
      files = undefined;
    },
  };
}

import { batchError, batchLines, parseBatch, type BatchSpec } from './batch.js';
import { errnoFromStderr } from './errno.js';
import { NetlinkError } from './errors.js';
import { startIp } from './exec.js';
import { netnsNameProblem } from './validate.js';

// Starting `ip` from node costs 50–400 ms in a lab guest and varies a lot, so
// a caller that runs many batches keeps one `ip [-n NS] -batch -` per
// namespace alive: iproute2 runs each stdin line as it arrives and flushes
// stdout after each command. After a batch's lines comes a sentinel command
// whose answer means "every line before me succeeded"; without -force,
// iproute2 stops at the first failing line, says "Command failed -:N" (N
// counts every line the process read) and exits, so the next batch respawns.

/** Every namespace has `lo`, so this succeeds wherever the batch ran. */
const SENTINEL = 'link show dev lo';
/** Its answer: "N: lo: <…>" then "    link/loopback …". */
const SENTINEL_ANSWER = /^\d+: lo: [^\n]*\n[^\n]*link\/loopback[^\n]*\n/m;

const DEFAULT_IDLE_MS = 30_000;
const DEFAULT_MAX = 64;
const DEFAULT_TIMEOUT_MS = 30_000;

type Outcome = 'answered' | 'exited' | 'timeout';

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

/** One namespace: its batches run one at a time, on whichever session is alive. */
interface Slot {
  netns: string | undefined;
  session: Session | undefined;
  tail: Promise<unknown>;
  pending: number;
  idleTimer: NodeJS.Timeout | undefined;
}

export interface BatchRunner {
  /** Same contract as batch(): runs the ops in order in one namespace; throws NetlinkError with `index` on failure. */
  run(spec: BatchSpec): Promise<{ ran: number }>;
  /** Starts the namespace's session ahead of its first batch (ignored for a bad name). */
  warm(netns: string | undefined): void;
  /** Ends the namespace's session (call before deleting the namespace: the session holds it open). */
  forget(netns: string | undefined): Promise<void>;
  /** Live sessions, for tests and metrics. */
  sessions(): { netns: string | undefined; pid: number | undefined }[];
  /** Ends every session; later runs fail. */
  close(): Promise<void>;
}

function startSession(netns: string | undefined): Session {
  const { argv, child } = startIp({ netns, args: ['-batch', '-'] });
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

/** Waits for the sentinel's answer, the process's end, or the timeout. */
function awaitOutcome(s: Session, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const finish = (o: Outcome) => {
      clearTimeout(timer);
      s.wake = undefined;
      resolve(o);
    };
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    s.wake = () => {
      if (SENTINEL_ANSWER.test(s.stdout)) finish('answered');
      else if (!s.alive) finish('exited');
    };
    s.wake();
  });
}

async function stopSession(s: Session | undefined): Promise<void> {
  if (!s) return;
  if (s.alive) s.child.kill('SIGKILL');
  await s.exited;
}

async function runOnSession(slot: Slot, ops: ReturnType<typeof parseBatch>['ops'], timeoutMs: number): Promise<{ ran: number }> {
  const netns = slot.netns;
  if (!slot.session?.alive) slot.session = startSession(netns);
  const s = slot.session;
  const linesBefore = s.lines;
  s.stdout = '';
  s.stderr = '';
  s.lines += ops.length + 1;
  s.child.stdin?.write(`${batchLines(ops).join('\n')}\n${SENTINEL}\n`);
  const outcome = await awaitOutcome(s, timeoutMs);
  if (outcome === 'answered') {
    s.stdout = '';
    return { ran: ops.length };
  }
  if (outcome === 'timeout') {
    await stopSession(s);
    throw new NetlinkError({ op: 'batch', argv: s.argv, netns, errno: 'ETIMEDOUT', stderr: s.stderr, exitCode: undefined });
  }
  const exitCode = await s.exited;
  const errno = exitCode === -1 && s.stderr === '' ? 'ESPAWN' : errnoFromStderr(s.stderr);
  throw batchError({ netns, ops, argv: s.argv, stderr: s.stderr, errno, exitCode, linesBefore });
}

/**
 * Runs batches through long-lived `ip -batch -` sessions, one per namespace,
 * each ended after `idleMs` unused or when more than `max` namespaces have one
 * (least recently used first). A session whose process died is replaced.
 */
export function createBatchRunner(opts: { idleMs?: number; max?: number; timeoutMs?: number } = {}): BatchRunner {
  const idleMs = opts.idleMs ?? DEFAULT_IDLE_MS;
  const max = opts.max ?? DEFAULT_MAX;
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Insertion order is recency: a slot is moved to the end whenever it is used.
  const slots = new Map<string, Slot>();
  let closed = false;
  const keyOf = (netns: string | undefined) => netns ?? '';

  const drop = async (key: string): Promise<void> => {
    const slot = slots.get(key);
    if (!slot) return;
    slots.delete(key);
    clearTimeout(slot.idleTimer);
    await slot.tail;
    await stopSession(slot.session);
  };

  const evictIdle = () => {
    for (const [key, slot] of slots) {
      if (slots.size < max) return;
      if (slot.pending === 0) void drop(key);
    }
  };

  const slotFor = (netns: string | undefined): Slot => {
    const key = keyOf(netns);
    let slot = slots.get(key);
    if (slot) slots.delete(key);
    else {
      evictIdle();
      slot = { netns, session: undefined, tail: Promise.resolve(), pending: 0, idleTimer: undefined };
    }
    slots.set(key, slot);
    clearTimeout(slot.idleTimer);
    return slot;
  };

  const armIdle = (slot: Slot) => {
    if (slot.pending > 0 || slots.get(keyOf(slot.netns)) !== slot) return;
    slot.idleTimer = setTimeout(() => void drop(keyOf(slot.netns)), idleMs);
    slot.idleTimer.unref();
  };

  const closedError = (netns: string | undefined) =>
    new NetlinkError({ op: 'batch', argv: [], netns, errno: 'ECLOSED', stderr: '', message: 'batch: the batch runner is closed [ECLOSED]' });

  return {
    async run(spec) {
      const { netns, ops } = parseBatch(spec);
      if (closed) throw closedError(netns);
      if (ops.length === 0) return { ran: 0 };
      const slot = slotFor(netns);
      slot.pending += 1;
      const result = slot.tail.then(() => runOnSession(slot, ops, timeoutMs));
      slot.tail = result.catch(() => undefined);
      const done = () => {
        slot.pending -= 1;
        armIdle(slot);
      };
      void result.then(done, done);
      return result;
    },
    warm(netns) {
      // A hint, never an error: a bad name fails later, in the run that uses it.
      if (closed || (netns !== undefined && netnsNameProblem(netns) !== undefined)) return;
      const slot = slotFor(netns);
      if (slot.pending === 0 && !slot.session?.alive) slot.session = startSession(slot.netns);
      armIdle(slot);
    },
    forget: (netns) => drop(keyOf(netns)),
    sessions: () => [...slots.values()].filter((s) => s.session?.alive).map((s) => ({ netns: s.netns, pid: s.session?.child.pid })),
    async close() {
      closed = true;
      await Promise.all([...slots.keys()].map(drop));
    },
  };
}

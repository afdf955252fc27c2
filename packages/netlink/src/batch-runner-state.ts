import type { BatchFiles } from './batch-files.js';
import { stopConversation, type Conversation } from './conversation.js';
import { errnoFromStderr } from './errno.js';
import { NetlinkError } from './errors.js';
import type { ForkAnswer } from './ns-forker.js';

// What a batch runner (batch-session.ts) holds between requests, and the
// helpers its operations share: the request queue and the failure shapes.

export const DEFAULT_RUNTIME_DIR = '/run/underlay';

/** The ip session in the caller's namespace. */
export interface IpSession extends Conversation {
  /** Lines written so far: maps iproute2's line number back to an op. */
  lines: number;
}

// One object for a runner's mutable state, so its operations can live in small module-level functions.
export interface RunnerState {
  timeoutMs: number;
  runtimeDir: string | undefined;
  ip: IpSession | undefined;
  forker: Conversation | undefined;
  files: BatchFiles | undefined;
  tail: Promise<unknown>;
  closed: boolean;
  /** Link names the current host session has resolved (see runHere). */
  named: Set<string>;
  /** Names the session removed from this namespace itself (deleted, moved out, renamed): their going is expected. */
  removed: Set<string>;
  /** A resolved name went away by someone else's hand (linkGone): the next batch gets a fresh session. */
  stale: boolean;
  /** The listings' ip in the caller's namespace (batch-read.ts), used while readerOn. */
  reader: Conversation | undefined;
  /** The caller's link monitor runs and reports renames (followRenames): listings here go to the reader. */
  readerOn: boolean;
  /** A link was renamed: the reader may print its old name, so the next listing gets a fresh one. */
  readerStale: boolean;
}

// The error of a request made after close().
export const closedError = (op: string, netns: string | undefined) =>
  new NetlinkError({
    op,
    argv: [],
    netns,
    errno: 'ECLOSED',
    stderr: '',
    message: `${op}: the batch runner is closed [ECLOSED]`,
  });

/** Queues a job behind the others. */
export function queued<T>(
  s: RunnerState,
  op: string,
  netns: string | undefined,
  job: () => Promise<T>,
): Promise<T> {
  if (s.closed) return Promise.reject(closedError(op, netns));
  const result = s.tail.then(() => {
    if (s.closed) throw closedError(op, netns);
    return job();
  });
  s.tail = result.catch(() => undefined);
  return result;
}

/** Parses a listing's output; output that does not parse is EPARSE, like runIpParsed. */
export function parseListing<T>(
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
export async function failureOf(
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

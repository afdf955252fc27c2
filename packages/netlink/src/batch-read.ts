import { converse, request, stopConversation, type Conversation } from './conversation.js';
import { startIp } from './exec.js';
import { failureOf, type RunnerState } from './batch-runner-state.js';

// The caller's namespace's listings: lines of one long-lived `ip -d -json
// -batch -`, as its changes are lines of the ip session (batch-here.ts): a
// process start is costly in a lab guest (docs/perf.md, operations end to
// end), and the host's lists are read again after every change to a host
// link. ip prints each command's JSON on one line, so a second command,
// `link show dev lo`, marks where a listing's answer ends. ip also keeps each
// link index's name for its whole life and prints a link's parent (`link`)
// by it (a renamed parent keeps its old name there, verified on 6.1): after a
// rename the runner is told (linkRenamed), and the next listing gets a fresh
// reader.

const END = 'link show dev lo';

/** How a failed listing ended, for the caller to turn into its own error. */
type Failure = { errno: string; exitCode: number; stderr: string };

/** Starts the reader: `ip -d -json -batch -` in the caller's namespace. */
export function startReader(): Conversation {
  return converse(startIp({ args: ['-d', '-json', '-batch', '-'] }));
}

/**
 * One listing (`line`, e.g. `addr show`) on the reader, started or replaced as needed; resolves to its JSON text or
 * throws what `fail` makes of a failure (errno EABORTED when `signal` stopped it: the reader is ended then).
 */
export async function readHere(
  s: RunnerState,
  line: string,
  signal: AbortSignal | undefined,
  fail: (f: Failure) => Error,
): Promise<string> {
  const aborted = () => fail({ errno: 'EABORTED', exitCode: -1, stderr: '' });
  if (signal?.aborted) throw aborted();
  if (s.readerStale) {
    await stopConversation(s.reader);
    s.readerStale = false;
  }
  if (!s.reader?.alive) s.reader = startReader();
  const reader = s.reader;
  const abort = () => void stopConversation(reader);
  signal?.addEventListener('abort', abort, { once: true });
  try {
    // Done once both commands have answered: two whole lines.
    const answer = await request(
      reader,
      `${line}\n${END}\n`,
      (c) => {
        const lines = c.stdout.split('\n');
        return lines.length >= 3 ? (lines[0] ?? '') : undefined;
      },
      s.timeoutMs,
    );
    if (answer.outcome === 'answered') return answer.value;
    if (signal?.aborted) throw aborted();
    throw fail(await failureOf(answer, reader));
  } finally {
    signal?.removeEventListener('abort', abort);
  }
}

/** Has a new reader answer once (ip's first command costs it far more than later ones); a failure is left to the next listing. */
export async function primeReader(s: RunnerState): Promise<void> {
  if (!s.reader?.alive) return;
  await request(
    s.reader,
    `${END}\n`,
    (c) => (c.stdout.includes('\n') ? true : undefined),
    s.timeoutMs,
  );
}

/**
 * Only the caller's link monitor tells the runner of renames, so the reader serves listings only while that monitor
 * runs (`on`); otherwise each is a fresh ip through the forker, and the reader ends. A reader that has served no
 * listing has looked up no name but lo's, so turning it on needs no fresh one.
 */
export function followRenames(s: RunnerState, on: boolean): void {
  s.readerOn = on;
  if (!on) void stopConversation(s.reader);
}

/** A link of the caller's namespace was renamed: a fresh reader for the next listing, a fresh session for the next batch. */
export function linkRenamed(s: RunnerState): void {
  s.readerStale = true;
  s.stale = true;
}

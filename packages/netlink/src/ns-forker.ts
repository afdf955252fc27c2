import { converse, request, type Conversation } from './conversation.js';
import { startFixedScript } from './exec.js';

// Work in a named namespace needs a process in it. Node's own spawn costs
// 50–400 ms in a lab guest (its fork of a big process is slow under UML), and
// so does `netns exec` from an `ip -batch` session (ip forks with fork(): a
// new address space; measured 2–2.6× a shell loop in the same run), while
// dash starts a program with vfork in ~20–30 ms. So a long-lived `sh` runs
// this fixed script: it reads a namespace name, a mode and a batch file path
// as three stdin lines, runs `ip -n NS [-d -json] -batch FILE` with them as
// quoted arguments (an empty name: `ip [-d -json] -batch FILE` in the
// forker's own namespace, for host listings and the namespace verbs) (data, never code: `read -r` keeps the line as is, and
// "$ns" is neither split nor globbed), then reports the exit status on both
// stdout and stderr, so the answer is complete when both carry it.
// Mode `read` (a listing someone may stop midway) runs ip as a background job
// and first says its pid on stderr, so the caller can end it with a signal;
// the job costs a fork where the other modes' vfork costs less, so only
// listings that may be stopped use it.

const DONE = 'underlay-done';
const PID = 'underlay-pid';

/** The forker's program: constant text, no caller value is ever part of it. */
export const FORKER_SCRIPT = [
  'while IFS= read -r ns && IFS= read -r mode && IFS= read -r file; do',
  '  if [ -n "$ns" ]; then set -- -n "$ns"; else set --; fi',
  '  if [ "$mode" = read ]; then',
  '    ip "$@" -d -json -batch "$file" </dev/null & p=$!',
  `    echo "${PID} $p" >&2`,
  '    wait $p',
  '  elif [ "$mode" = json ]; then ip "$@" -d -json -batch "$file" </dev/null; else ip "$@" -batch "$file" </dev/null; fi',
  '  rc=$?',
  `  echo "${DONE} $rc"`,
  `  echo "${DONE} $rc" >&2`,
  'done',
].join('\n');

const DONE_LINE = new RegExp(`${DONE} (\\d+)\\n$`);
const PID_LINE = new RegExp(`^${PID} (\\d+)\\n`, 'm');

/** One run's answer: ip's exit code and what it printed (without the marker). */
export type ForkAnswer =
  | { outcome: 'answered'; exitCode: number; stdout: string; stderr: string }
  | { outcome: 'exited' | 'timeout'; stderr: string };

/** Starts the forker. */
export function startForker(): Conversation {
  return converse(startFixedScript(FORKER_SCRIPT));
}

/**
 * Runs `ip -n NETNS [-d -json] -batch FILE` through the forker (NETNS '': the forker's own namespace, no `-n`). NETNS
 * and FILE hold no newline (validated by the caller).
 * With `signal` (json output only), aborting it ends that ip process with SIGTERM: the answer then comes at once, with
 * exit code 143; the forker carries on.
 */
export async function forkBatch(
  c: Conversation,
  run: { netns: string; file: string; json: boolean; signal?: AbortSignal },
  timeoutMs: number,
): Promise<ForkAnswer> {
  const { signal } = run;
  const mode = signal ? 'read' : run.json ? 'json' : 'plain';
  const stopIfAborted = ipStopper(c, signal);
  signal?.addEventListener('abort', stopIfAborted, { once: true });
  try {
    const r = await request(
      c,
      `${run.netns}\n${mode}\n${run.file}\n`,
      (conv) => {
        stopIfAborted();
        return answerOf(conv);
      },
      timeoutMs,
    );
    return r.outcome === 'answered'
      ? { outcome: 'answered', ...r.value }
      : { outcome: r.outcome, stderr: c.stderr };
  } finally {
    signal?.removeEventListener('abort', stopIfAborted);
  }
}

/**
 * Once `signal` is aborted, the returned function signals the run's ip process as soon as its pid is known (the abort
 * may come before the forker says it); called on abort and on every chunk of output.
 */
function ipStopper(c: Conversation, signal: AbortSignal | undefined): () => void {
  let killed = false;
  return () => {
    if (!signal?.aborted || killed || DONE_LINE.test(c.stderr)) return;
    const pid = PID_LINE.exec(c.stderr)?.[1];
    if (pid === undefined) return;
    killed = true;
    try {
      process.kill(Number(pid), 'SIGTERM');
    } catch {
      // Already exited: its answer is on the way.
    }
  };
}

/** The run's answer once both streams carry the marker; undefined while it is not complete. */
function answerOf(
  conv: Conversation,
): { exitCode: number; stdout: string; stderr: string } | undefined {
  const out = DONE_LINE.exec(conv.stdout);
  const err = DONE_LINE.exec(conv.stderr);
  if (!out || !err) return undefined;
  return {
    exitCode: Number(out[1]),
    stdout: conv.stdout.slice(0, out.index),
    stderr: conv.stderr.slice(0, err.index).replace(PID_LINE, ''),
  };
}

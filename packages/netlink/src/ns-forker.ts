import { converse, request, type Conversation } from './conversation.js';
import { startFixedScript } from './exec.js';

// Work in a named namespace needs a process in it. Node's own spawn costs
// 50–400 ms in a lab guest (its fork of a big process is slow under UML), and
// so does `netns exec` from an `ip -batch` session (ip forks with fork(): a
// new address space; measured 2–2.6× a shell loop in the same run), while
// dash starts a program with vfork in ~20–30 ms. So a long-lived `sh` runs
// this fixed script: it reads a namespace name, a mode and a batch file path
// as three stdin lines, runs `ip -n NS [-d -json] -batch FILE` with them as
// quoted arguments (data, never code: `read -r` keeps the line as is, and
// "$ns" is neither split nor globbed), then reports the exit status on both
// stdout and stderr, so the answer is complete when both carry it.

const DONE = 'underlay-done';

/** The forker's program: constant text, no caller value is ever part of it. */
export const FORKER_SCRIPT = [
  'while IFS= read -r ns && IFS= read -r mode && IFS= read -r file; do',
  '  if [ "$mode" = json ]; then ip -n "$ns" -d -json -batch "$file" </dev/null; else ip -n "$ns" -batch "$file" </dev/null; fi',
  '  rc=$?',
  `  echo "${DONE} $rc"`,
  `  echo "${DONE} $rc" >&2`,
  'done',
].join('\n');

const DONE_LINE = new RegExp(`${DONE} (\\d+)\\n$`);

/** One run's answer: ip's exit code and what it printed (without the marker). */
export type ForkAnswer =
  | { outcome: 'answered'; exitCode: number; stdout: string; stderr: string }
  | { outcome: 'exited' | 'timeout'; stderr: string };

/** Starts the forker. */
export function startForker(): Conversation {
  return converse(startFixedScript(FORKER_SCRIPT));
}

/** Runs `ip -n NETNS [-d -json] -batch FILE` through the forker. NETNS and FILE hold no newline (validated by the caller). */
export async function forkBatch(c: Conversation, run: { netns: string; file: string; json: boolean }, timeoutMs: number): Promise<ForkAnswer> {
  const r = await request(c, `${run.netns}\n${run.json ? 'json' : 'plain'}\n${run.file}\n`, (conv) => {
    const out = DONE_LINE.exec(conv.stdout);
    const err = DONE_LINE.exec(conv.stderr);
    if (!out || !err) return undefined;
    return { exitCode: Number(out[1]), stdout: conv.stdout.slice(0, out.index), stderr: conv.stderr.slice(0, err.index) };
  }, timeoutMs);
  return r.outcome === 'answered' ? { outcome: 'answered', ...r.value } : { outcome: r.outcome, stderr: c.stderr };
}

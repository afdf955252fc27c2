import { batchError, batchLines } from './batch.js';
import type { BatchOp } from './batch-op.js';
import { converse, request, stopConversation } from './conversation.js';
import { startIp } from './exec.js';
import { failureOf, type IpSession, type RunnerState } from './batch-runner-state.js';

// The caller's own namespace: a batch's ops are stdin lines of the runner's
// long-lived `ip -batch -` session, followed by a sentinel (see batch-session.ts).

/** Every namespace has `lo`, so this succeeds wherever the batch ran. */
const SENTINEL = 'link show dev lo';
/** Its answer: "N: lo: <…>" then "    link/loopback …". */
const SENTINEL_ANSWER = /^\d+: lo: [^\n]*\n[^\n]*link\/loopback[^\n]*\n/m;

/** How many names a host session may have resolved before it is replaced (its cache and our record of it stay small). */
const NAMED_MAX = 4096;

/** Link names a batch op makes ip resolve (or remember): a new link's parent too (`link add link P …` looks P up). */
function namesIn(op: BatchOp): string[] {
  switch (op.op) {
    case 'linkAdd':
      return 'link' in op.spec ? [op.spec.name, op.spec.link] : [op.spec.name];
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

// A new `ip -batch -` session (Object.assign, not a spread: converse's listeners write to the object it made).
export function startSession(): IpSession {
  return Object.assign(converse(startIp({ args: ['-batch', '-'] })), { lines: 0 });
}

/**
 * ip keeps a name→index cache for its whole life: a link this session named once (also as a
 * new link's parent), deleted by someone else and now made again under the same name would
 * still resolve to the old index (ENODEV on the next line). Only names looked up are cached:
 * the sentinel `link show dev lo` asks for lo alone (a dump, `link show`, would cache all). Such a batch gets a fresh
 * session, as does any batch after linkGone reported a looked-up name gone by another hand; random names
 * (a connect's temporary links) are never seen twice, so connects keep the session.
 * A link the session itself deleted, renamed or moved out leaves its cache (ip drops the index of every link it
 * changes: iplink_modify's ll_drop_by_index), so making that name again keeps the session: a network removed and
 * made again on the same VLAN parent does not start a new ip, which would cost the agent a fork.
 * (The set is bounded the same way: past NAMED_MAX names, the session starts afresh.)
 */
async function dropStaleSession(s: RunnerState, ops: BatchOp[]): Promise<void> {
  if (
    s.ip?.alive &&
    (s.stale ||
      s.named.size > NAMED_MAX ||
      ops.some((o) => o.op === 'linkAdd' && s.named.has(o.spec.name)))
  ) {
    await stopConversation(s.ip);
    s.named.clear();
    s.removed.clear();
  }
  s.stale = false;
  for (const o of ops) {
    for (const name of namesIn(o)) s.named.add(name);
    const gone = removedBy(o);
    if (gone) {
      s.removed.add(gone);
      s.named.delete(gone);
    }
  }
}

/** The name a batch op takes out of the session's namespace, if any. */
function removedBy(op: BatchOp): string | undefined {
  if (op.op === 'linkDel' || op.op === 'linkSetNetns' || op.op === 'linkRename') return op.name;
  return undefined;
}

/**
 * A link of the caller's namespace went away (its monitor's del event). Gone by the session's own hand, that was
 * expected; gone by someone else's while the session has its index cached, the next batch starts a fresh session,
 * or a link made again under that name (by anyone) would resolve to the old index.
 */
export function linkGone(s: RunnerState, name: string): void {
  if (s.removed.delete(name)) return;
  if (s.named.has(name)) s.stale = true;
}

/**
 * Writes `lines` and then the sentinel to the session, counts them all in `ip.lines`, and waits for the sentinel's
 * answer (every line before it succeeded), ip's exit or the timeout.
 */
function untilSentinel(s: RunnerState, ip: IpSession, lines: string[]) {
  ip.lines += lines.length + 1;
  const text = [...lines, SENTINEL].map((line) => `${line}\n`).join('');
  return request(ip, text, (c) => (SENTINEL_ANSWER.test(c.stdout) ? true : undefined), s.timeoutMs);
}

// A session's first command costs ip itself far more than later ones (its first netlink request and output), and
// the first batch after a start would pay it (figures: docs/perf.md, "Operations end to end").
/** Has the session answer the sentinel once (a read: `link show dev lo`); a failure is left to the next batch. */
export async function primeSession(s: RunnerState): Promise<void> {
  if (!s.ip?.alive) return;
  await untilSentinel(s, s.ip, []);
}

// The caller's namespace: ops as stdin lines of the ip session, then the sentinel.
export async function runHere(s: RunnerState, ops: BatchOp[]): Promise<{ ran: number }> {
  await dropStaleSession(s, ops);
  if (!s.ip?.alive) s.ip = startSession();
  const ip = s.ip;
  const linesBefore = ip.lines;
  const answer = await untilSentinel(s, ip, batchLines(ops));
  if (answer.outcome === 'answered') return { ran: ops.length };
  const { errno, exitCode, stderr } = await failureOf(answer, ip);
  throw batchError({ netns: undefined, ops, argv: ip.argv, stderr, errno, exitCode, linesBefore });
}

// The namespace verbs are lines of the session too: no process start, where the forker's fresh ip cost as much as
// the rest of a container's create or removal. `netns del` only unmounts and removes the name. `netns add` returns
// ip to the namespace it came from (iproute2 6.1, verified); older releases left it in the new one, so `netns
// identify` follows the add, and a session that finds itself there is ended (the namespace is made all the same).
// A failure (name taken, no such name) ends the session as any failing line does; the next batch starts another.
/** `ip netns add|del NAME` on the session (`args`: the verb's argv after `ip`); throws what `fail` makes of ip's failure. */
export async function netnsHere(
  s: RunnerState,
  op: 'netnsAdd' | 'netnsDel',
  name: string,
  args: string[],
  fail: (f: { errno: string; exitCode: number; stderr: string }) => Error,
): Promise<void> {
  if (!s.ip?.alive) s.ip = startSession();
  const ip = s.ip;
  const lines = op === 'netnsAdd' ? [args.join(' '), 'netns identify'] : [args.join(' ')];
  const answer = await untilSentinel(s, ip, lines);
  if (answer.outcome !== 'answered') throw fail(await failureOf(answer, ip));
  if (op === 'netnsAdd' && ip.stdout.split('\n').includes(name)) await stopConversation(ip);
}

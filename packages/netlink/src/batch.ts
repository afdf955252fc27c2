import { batchLine, netnsArgs, opArgs } from './argv.js';
import { BatchOp } from './batch-op.js';
import { NetlinkError, NetlinkSpecError } from './errors.js';
import { runIpRaw } from './exec.js';
import { parseNetns, parseSpec } from './specs.js';

export { BatchOp } from './batch-op.js';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Which op failed, from iproute2's stderr. Without -force, iproute2 stops at
 * the first failing line and prints "Command failed -:N" (N counts from 1),
 * so ops before N-1 ran and ops after it did not (verified on 6.1).
 * Argument errors (e.g. `netns NAME` naming no namespace) make iproute2 exit
 * at once without that line; then the op is found by the value it names.
 * `linesBefore`: lines a long-lived session read before this batch.
 * `source`: where iproute2 read the lines, "-" for stdin or a batch file's
 * path (a session runs a namespace's batch from a file, and then stderr also
 * holds the session's own "Command failed -:M" for the line that ran it).
 */
export function batchFailureIndex(
  stderr: string,
  ops: readonly BatchOp[],
  linesBefore = 0,
  source = '-',
): number | undefined {
  const failed = new RegExp(`^Command failed ${escapeRegExp(source)}:(\\d+)$`, 'm').exec(stderr);
  if (failed) return Number(failed[1]) - 1 - linesBefore;
  const wrong = /argument "([^"]*)" is wrong: Invalid "netns" value/.exec(stderr);
  if (wrong) {
    const i = ops.findIndex((o) => o.op === 'linkSetNetns' && String(o.target) === wrong[1]);
    if (i >= 0) return i;
  }
  return undefined;
}

/** The lines sent to `ip -batch -`: one op per line, so line N is op N-1. */
export function batchLines(ops: readonly BatchOp[]): string[] {
  return ops.map((o) => batchLine(opArgs(o)));
}

/**
 * Runs many ops in one process, in order, in one namespace: each exec costs
 * 50–110 ms in a lab guest, so plans run as one batch per namespace.
 * Stops at the first failure and throws NetlinkError with `index` (the failing
 * op), `batchOp`, errno and stderr; ops before `index` ran, ops after did not.
 * Equivalent to: ip [-n NS] -batch - (ops on stdin)
 */
export async function batch(spec: BatchSpec & { timeoutMs?: number }): Promise<{ ran: number }> {
  const { netns, ops } = parseBatch(spec);
  if (ops.length === 0) return { ran: 0 };
  const input = `${batchLines(ops).join('\n')}\n`;
  const r = await runIpRaw({ netns, args: ['-batch', '-'], input, timeoutMs: spec.timeoutMs });
  if (r.exitCode === 0) return { ran: ops.length };
  throw batchError({ ...r, netns, ops });
}

export interface BatchSpec {
  netns?: string | undefined;
  ops: readonly BatchOp[];
}

/** Validates a batch before anything runs: the namespace, every op, and that all ops belong to it. */
export function parseBatch(spec: BatchSpec): { netns: string | undefined; ops: BatchOp[] } {
  const netns = parseNetns('batch', spec.netns);
  const ops = spec.ops.map((o, i) => parseSpec(`batch ops[${i}]`, BatchOp, o));
  const stray = ops.findIndex((o) => o.netns !== undefined && o.netns !== netns);
  if (stray >= 0)
    throw new NetlinkSpecError(
      'batch',
      `ops[${stray}].netns`,
      `is ${JSON.stringify(ops[stray]?.netns)} but the batch runs in ${JSON.stringify(netns ?? "the caller's namespace")}: run one batch per namespace`,
    );
  return { netns, ops };
}

/** The NetlinkError of a failed batch, naming the failing op when iproute2 says which. */
export function batchError(r: {
  netns: string | undefined;
  ops: readonly BatchOp[];
  argv: readonly string[];
  stderr: string;
  errno: string;
  exitCode: number;
  linesBefore?: number;
  source?: string;
}): NetlinkError {
  const index = batchFailureIndex(r.stderr, r.ops, r.linesBefore, r.source);
  const failing = index === undefined ? undefined : r.ops[index];
  return new NetlinkError({
    op: failing ? failing.op : 'batch',
    argv: failing ? ['ip', ...netnsArgs(r.netns), ...opArgs(failing)] : r.argv,
    netns: r.netns,
    errno: r.errno,
    stderr: r.stderr,
    exitCode: r.exitCode,
    index,
    batchOp: failing,
  });
}

import { batchesOf, type KernelOp, type PlanStep } from '@underlay/core';
import type { OpExecutor } from './executor';
import { PlanFailedError, toOpFailure, type OpFailure, type RollbackOutcome } from './plan-failed';

// Runs a plan forwards in as few processes as possible; on a failure, undoes
// the steps that were done, last first, then throws with both outcomes.

/** Counters the caller can feed to metrics, and what the batches reported. */
export interface RunStats {
  processes: number;
  ops: number;
  /** Per named namespace, its links after the plan's last batch there (when the executor reports them). */
  links: Map<string, { name: string; mac: string }[]>;
}

/**
 * How a journal follows a plan (see service/journal.ts): told before each batch
 * goes to the kernel and when the last is done. `cutAt` ends a batch at that
 * step, so a crash point can fall between any two steps.
 */
export interface PlanProgress {
  /** Before the batch of steps [from, to) is handed to the kernel (the steps before `from` are done). */
  begin(from: number, to: number): void;
  /** Once every step is done. */
  finished(count: number): void;
  cutAt?: number;
}

/** The batches of `steps`, with a boundary at `cutAt` when given. */
function batchesCut(steps: PlanStep[], cutAt: number | undefined) {
  if (cutAt === undefined) return batchesOf(steps);
  return [...batchesOf(steps.slice(0, cutAt)), ...batchesOf(steps.slice(cutAt))];
}

/** Executes `steps`; on failure rolls back and throws PlanFailedError. */
export async function runPlan(
  executor: OpExecutor,
  steps: PlanStep[],
  progress?: PlanProgress,
): Promise<RunStats> {
  const stats: RunStats = { processes: 0, ops: 0, links: new Map() };
  const done: PlanStep[] = [];
  for (const batch of batchesCut(steps, progress?.cutAt)) {
    stats.processes++;
    progress?.begin(done.length, done.length + batch.items.length);
    try {
      const report = await executor.runBatch({
        netns: batch.netns,
        ops: batch.items.map((s) => s.op),
      });
      if (batch.netns !== undefined && report?.links) stats.links.set(batch.netns, report.links);
      done.push(...batch.items);
      stats.ops += batch.items.length;
    } catch (cause) {
      const index = failingIndex(cause, batch.items.length);
      done.push(...batch.items.slice(0, index));
      const failed = batch.items[index] ?? batch.items[0];
      const failure = toOpFailure((failed as PlanStep).op, cause);
      const rollback = await undo(executor, done);
      throw new PlanFailedError(failure, rollback);
    }
  }
  progress?.finished(done.length);
  return stats;
}

const DELETES = new Set<KernelOp['op']>(['linkDel', 'addrDel', 'routeDel', 'netnsDel']);
const NOT_FOUND = new Set(['ENODEV', 'ENOENT', 'ESRCH', 'EADDRNOTAVAIL']);

const isDelete = (op: KernelOp): boolean => DELETES.has(op.op);
const isNotFound = (cause: unknown): boolean =>
  NOT_FOUND.has(String((cause as { errno?: unknown } | null)?.errno));

/** The failing op's index in its batch: from the error when it says, else the first op (nothing in the batch counted as done). */
function failingIndex(cause: unknown, length: number): number {
  const index = (cause as { index?: unknown } | null)?.index;
  return typeof index === 'number' && index >= 0 && index < length ? index : 0;
}

/**
 * Runs the inverses of `done` in reverse order. A failing inverse is recorded
 * and the rest still run: one leftover is better than all of them.
 */
export async function undo(executor: OpExecutor, done: PlanStep[]): Promise<RollbackOutcome> {
  // core's contract: a delete that finds nothing is done (an earlier inverse took it with it).
  const { ran, failures } = await runLeniently(
    executor,
    inversesOf(done),
    (op, cause) => isDelete(op) && isNotFound(cause),
  );
  return { undone: ran, failures };
}

/** The inverses of `done` as steps, last done first. */
export function inversesOf(done: PlanStep[]): PlanStep[] {
  return done
    .slice()
    .reverse()
    .flatMap((s) => (s.inverse ? [{ op: s.inverse, inverse: null, why: `undo: ${s.why}` }] : []));
}

/** Harmless for a recovery: the op met nothing to act on (ENODEV, ENOENT, ESRCH, EADDRNOTAVAIL). */
export const metNothing = (_op: KernelOp, cause: unknown): boolean => isNotFound(cause);

/**
 * Runs `steps` in batches, going on past a failing op: those `harmless`
 * accepts count as run, the others are returned as failures.
 */
export async function runLeniently(
  executor: OpExecutor,
  steps: PlanStep[],
  harmless: (op: KernelOp, cause: unknown) => boolean,
): Promise<{ ran: number; failures: OpFailure[] }> {
  const failures: OpFailure[] = [];
  let ran = 0;
  let rest = steps;
  while (rest.length > 0) {
    const [batch] = batchesOf(rest);
    if (!batch) break;
    const ops: KernelOp[] = batch.items.map((s) => s.op);
    try {
      await executor.runBatch({ netns: batch.netns, ops });
      ran += ops.length;
      rest = rest.slice(ops.length);
    } catch (cause) {
      const index = failingIndex(cause, ops.length);
      const op = ops[index] as KernelOp;
      if (harmless(op, cause)) ran += index + 1;
      else {
        ran += index;
        failures.push(toOpFailure(op, cause));
      }
      rest = rest.slice(index + 1);
    }
  }
  return { ran, failures };
}

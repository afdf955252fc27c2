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

/** Executes `steps`; on failure rolls back and throws PlanFailedError. */
export async function runPlan(executor: OpExecutor, steps: PlanStep[]): Promise<RunStats> {
  const stats: RunStats = { processes: 0, ops: 0, links: new Map() };
  const done: PlanStep[] = [];
  for (const batch of batchesOf(steps)) {
    stats.processes++;
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
  const inverses: PlanStep[] = done
    .slice()
    .reverse()
    .flatMap((s) => (s.inverse ? [{ op: s.inverse, inverse: null, why: `undo: ${s.why}` }] : []));
  const failures: OpFailure[] = [];
  let undone = 0;
  let rest = inverses;
  while (rest.length > 0) {
    const [batch] = batchesOf(rest);
    if (!batch) break;
    const ops: KernelOp[] = batch.items.map((s) => s.op);
    try {
      await executor.runBatch({ netns: batch.netns, ops });
      undone += ops.length;
      rest = rest.slice(ops.length);
    } catch (cause) {
      const index = failingIndex(cause, ops.length);
      const op = ops[index] as KernelOp;
      // core's contract: a delete that finds nothing is done (an earlier inverse took it with it).
      if (isDelete(op) && isNotFound(cause)) undone += index + 1;
      else {
        undone += index;
        failures.push(toOpFailure(op, cause));
      }
      rest = rest.slice(index + 1);
    }
  }
  return { undone, failures };
}

import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanStep } from '@underlay/core';
import type { PlanProgress } from '../exec/run-plan';
import { closeEntries, markProgress, openEntry, type Intent, type RecordRef } from '../store';
import type { Db } from '../store';
import { nowIso } from './ids';
import { mark } from '../trace/op-trace';

// The journal's side of the plan executor: an operation that names its intent
// gets a journal row before its first kernel step, the row follows the
// batches, and it is deleted when the operation's job in the queue ends
// (operate), so a row left at start-up is an operation a crash cut.

/**
 * TEST HOOK, inert unless a test writes `<state dir>/test-crash.json` before
 * the agent starts: `{"operation": "networks.connect", "afterStep": 2}` makes
 * the first such operation SIGKILL its own process once its first 2 steps
 * are done in the kernel (before the journal records them); 0 kills it right
 * after its journal row is written, the step count after its last step
 * (before its records), a step past its plan lets it finish. Only that first
 * operation is armed, and only on the agent's own database: a plan journaled
 * elsewhere in the process (the start-up rehearsal's database in memory)
 * neither fires nor spends it. The file is read once at start and deleted,
 * so the agent that starts after the kill runs normally. The crash tests use it.
 */
export interface CrashHook {
  operation: string;
  afterStep: number;
}

const CRASH_FILE = 'test-crash.json';
/** The armed hook and the database whose journaled plans it watches. */
let crashHook: { hook: CrashHook; db: Db } | undefined;

/** Reads and deletes the test hook's file (see CrashHook), armed for plans journaled in `db`; called once at start. */
export function armCrashHook(stateDir: string, db: Db): CrashHook | undefined {
  const file = join(stateDir, CRASH_FILE);
  crashHook = undefined;
  if (!existsSync(file)) return undefined;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<CrashHook>;
  rmSync(file, { force: true });
  if (typeof parsed.operation !== 'string' || typeof parsed.afterStep !== 'number')
    throw new Error(`${file}: expected {"operation": string, "afterStep": number}`);
  crashHook = { hook: { operation: parsed.operation, afterStep: parsed.afterStep }, db };
  return crashHook.hook;
}

/** The hook armed at start, if any (the fleet IPAM's claim hook reads it too). */
export function armedCrashHook(): CrashHook | undefined {
  return crashHook?.hook;
}

// The first operation the hook names disarms it, whether it fires or not: a hook whose step is past that
// operation's plan must not fire later in a longer plan of another call (the crash tests' last, completing run
// would leave the agent armed for whatever test comes next).
function takeCrashHook(db: Db, operation: string, stepCount: number): number | undefined {
  if (crashHook?.db !== db || crashHook.hook.operation !== operation) return undefined;
  const { afterStep } = crashHook.hook;
  crashHook = undefined;
  return afterStep <= stepCount ? afterStep : undefined;
}

/** Journal rows opened by the job running now (the queue runs one job at a time). */
const opened = new WeakMap<Db, number[]>();

/** Opens a journal row for `steps`: how runPlan reports progress to it, and `close` for a plan that failed and was rolled back. */
export function journalPlan(
  db: Db,
  intent: Intent,
  steps: PlanStep[],
): { progress: PlanProgress; close(): void } {
  const id = openEntry(db, intent, steps, nowIso());
  opened.set(db, [...(opened.get(db) ?? []), id]);
  const hook = takeCrashHook(db, intent.operation, steps.length);
  const crashAt = (at: number) => {
    if (hook === at) process.kill(process.pid, 'SIGKILL');
  };
  const progress: PlanProgress = {
    begin(from, to) {
      crashAt(from);
      mark('agent');
      markProgress(db, id, from, to);
      mark('journal-progress');
    },
    finished(count) {
      crashAt(count);
      mark('agent');
      markProgress(db, id, count, count);
      mark('journal-progress');
    },
    ...(hook !== undefined && hook > 0 && hook < steps.length ? { cutAt: hook } : {}),
  };
  const close = () => {
    closeEntries(db, [id]);
    opened.set(
      db,
      (opened.get(db) ?? []).filter((o) => o !== id),
    );
  };
  return { progress, close };
}

/** Deletes the rows the ending job opened: its operations are over (done, or failed and rolled back). */
export function closeJournal(db: Db): void {
  const ids = opened.get(db);
  if (!ids?.length) return;
  closeEntries(db, ids);
  opened.delete(db);
}

/** An operation that makes `refs`: a crash before they are recorded undoes its steps (connect, create). */
export const undoUnlessRecorded = (operation: string, ...refs: RecordRef[]): Intent => ({
  operation,
  recovery: 'undo',
  refs,
});

/** An operation that removes `refs`: a crash midway runs its remaining steps and forgets them (disconnect, rm). */
export const finishForgetting = (operation: string, ...refs: RecordRef[]): Intent => ({
  operation,
  recovery: 'finish',
  refs,
});

import type { PlanStep } from '@underlay/core';
import type { Db } from './db';

// The intent journal: before an operation's first kernel step its plan is
// written here (each step with its inverse), the steps' progress is updated
// batch by batch, and the row goes when the operation's job ends. A row found
// at start-up is an operation a crash cut: recovery finishes or undoes it.

/** A record an operation makes (undo: its presence means the operation finished) or removes (finish: forgotten on recovery). */
export type RecordRef =
  | { endpoint: { network: string; container: string } }
  | { container: string }
  | { network: string };

/** What an operation tells the journal about itself. */
export interface Intent {
  /** The operation's name, as in metrics and events (`networks.connect`). */
  operation: string;
  /** `undo`: roll back to before it (unless its records were written); `finish`: run its remaining steps and forget `refs`. */
  recovery: 'undo' | 'finish';
  refs: RecordRef[];
}

/** One journal row. */
export interface JournalEntry extends Intent {
  id: number;
  steps: PlanStep[];
  /** Steps known to be done (a prefix of `steps`). */
  done: number;
  /** Steps handed to the kernel so far: those from `done` up to here may or may not have happened. */
  begun: number;
  started: string;
}

interface Row {
  id: number;
  operation: string;
  recovery: 'undo' | 'finish';
  refs: string;
  steps: string;
  done: number;
  begun: number;
  started: string;
}

/** Writes an entry before any of its steps runs; returns its id. */
export function openEntry(db: Db, intent: Intent, steps: PlanStep[], started: string): number {
  const { lastInsertRowid } = db
    .prepare(
      'INSERT INTO journal (operation, recovery, refs, steps, started) VALUES (?, ?, ?, ?, ?)',
    )
    .run(
      intent.operation,
      intent.recovery,
      JSON.stringify(intent.refs),
      JSON.stringify(steps),
      started,
    );
  return Number(lastInsertRowid);
}

/** Records that the steps before `done` are done and those before `begun` have been handed to the kernel. */
export function markProgress(db: Db, id: number, done: number, begun: number): void {
  db.prepare('UPDATE journal SET done = ?, begun = ? WHERE id = ?').run(done, begun, id);
}

/** Deletes entries (their operations are over: finished, rolled back, or recovered). */
export function closeEntries(db: Db, ids: Iterable<number>): void {
  const del = db.prepare('DELETE FROM journal WHERE id = ?');
  for (const id of ids) del.run(id);
}

/** Every open entry, newest first (recovery unwinds in that order). */
export function openEntries(db: Db): JournalEntry[] {
  const rows = db.prepare('SELECT * FROM journal ORDER BY id DESC').all() as Row[];
  return rows.map((r) => ({
    ...r,
    refs: JSON.parse(r.refs) as RecordRef[],
    steps: JSON.parse(r.steps) as PlanStep[],
  }));
}

/**
 * Writes an entry and deletes it in one transaction: nothing is left, and no reader or recovery ever sees it. The
 * agent runs it once before it listens, so that its first operation's journal write does not also pay for the
 * database's first write since it was opened (the WAL and its index on the state directory's file system).
 */
export function rehearseJournalWrite(db: Db): void {
  const intent: Intent = { operation: 'warm-up', recovery: 'undo', refs: [] };
  db.transaction(() => closeEntries(db, [openEntry(db, intent, [], new Date().toISOString())]))();
}

'use client';

import type { GridCell } from './matrix-grid';
import type { Summary } from './use-matrix-run';

/** The pairs done so far, as a bar and as numbers. */
export function RunProgress({ progress }: { progress: { done: number; total: number } }) {
  const percent = progress.total ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="space-y-1">
      <div
        className="h-2 w-80 overflow-hidden rounded bg-slate-200"
        data-testid="matrix-progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={progress.done}
        data-done={progress.done}
        data-total={progress.total}
      >
        <div className="h-full bg-slate-900 transition-all" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {progress.done} / {progress.total} pairs
      </p>
    </div>
  );
}

/** "N pairs, M match, K mismatch", red when anything mismatched. */
export function RunSummary({ summary }: { summary: Summary }) {
  return (
    <p
      className={`text-sm font-medium ${summary.mismatches ? 'text-red-700' : 'text-emerald-700'}`}
      data-testid="matrix-summary"
      data-mismatches={summary.mismatches}
    >
      {summary.pairs} pairs, {summary.matches} match, {summary.mismatches} mismatch
      {summary.errors ? ` (${summary.errors} could not run)` : ''}
    </p>
  );
}

/** What was observed for a pair, in words. */
function observedText(o: GridCell['observed']): string {
  if (o.error) return `ping could not run: ${o.error}`;
  if (!o.reachable) return 'no reply';
  return `reachable${o.rttMs !== undefined ? ` (${o.rttMs} ms)` : ''}`;
}

/** The picked cell: the driver's rule and why, what was observed, the verdict. */
export function CellDetail({ cell }: { cell: GridCell }) {
  return (
    <aside
      className="max-w-sm space-y-1 rounded border border-slate-200 p-3 text-sm"
      data-testid="matrix-detail"
    >
      <p className="font-mono text-xs" data-testid="matrix-detail-rule">
        {cell.predicted.rule}
      </p>
      <p>{cell.predicted.explanation}</p>
      <p className="text-slate-600">
        Observed: {observedText(cell.observed)} — {cell.verdict}
      </p>
    </aside>
  );
}

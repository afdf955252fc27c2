'use client';

import type { FleetApplyJob } from '@underlay/core';

const STATUS_COLOR = {
  applied: 'text-green-700',
  unchanged: 'text-slate-500',
  failed: 'text-red-700',
  skipped: 'text-amber-700',
} as const;

/** Per host: a bar of done/total and the current step; once finished, each host's outcome and the summary. */
export function ApplyProgress({ job }: { job: FleetApplyJob }) {
  return (
    <div className="space-y-2" data-testid="import-progress" data-state={job.state}>
      <div className="font-medium">{job.state === 'running' ? 'Applying…' : 'Apply finished'}</div>
      {job.progress.map((p) => (
        <div key={p.host} data-testid={`import-progress-${p.host}`}>
          <div className="flex justify-between text-xs">
            <span>{p.host}</span>
            <span className="font-mono">
              [{p.done}/{p.total}] {p.step}
            </span>
          </div>
          <div className="h-2 rounded bg-slate-100">
            <div
              className="h-2 rounded bg-slate-700 transition-all"
              style={{ width: `${p.total ? (100 * p.done) / p.total : 0}%` }}
            />
          </div>
        </div>
      ))}
      {job.state === 'finished' && (
        <ul className="space-y-1" data-testid="import-report">
          {job.outcomes.map((o) => (
            <li key={o.host} className={STATUS_COLOR[o.status]} data-status={o.status}>
              {job.report.find((line) => line.startsWith(`${o.host}:`)) ?? `${o.host}: ${o.status}`}
            </li>
          ))}
          <li className="font-medium" data-testid="import-report-summary">
            {job.report.at(-1)}
          </li>
        </ul>
      )}
    </div>
  );
}

'use client';

import type { FleetImportPlan } from '@underlay/core';

type Issue = FleetImportPlan['issues'][number];

const where = (p: Issue): string =>
  p.row
    ? `row ${p.row}, column ${p.column} (line ${p.line})`
    : `line ${p.line}, column ${p.column}`;

/** Each issue under the source line it points at, with a caret at its column (the CLI's line as the title). */
export function SourceIssues({ text, issues }: { text: string; issues: Issue[] }) {
  if (!issues.length) return null;
  const lines = text.split('\n');
  const byLine = new Map<number, Issue[]>();
  for (const p of issues) byLine.set(p.line, [...(byLine.get(p.line) ?? []), p]);
  const errors = issues.filter((p) => p.severity === 'error').length;
  return (
    <div className="space-y-1" data-testid="import-issues">
      <p className={errors ? 'font-medium text-red-700' : 'font-medium text-amber-700'}>
        {errors
          ? `${errors} error(s) in the file: nothing can be applied until they are fixed.`
          : `${issues.length} warning(s).`}
      </p>
      <div className="overflow-x-auto rounded border border-slate-200 bg-slate-50 font-mono text-xs">
        {[...byLine.keys()]
          .sort((a, b) => a - b)
          .map((line) => (
            <div key={line} className="border-b border-slate-200 p-1 last:border-0">
              <div className="whitespace-pre text-slate-700">
                <span className="mr-2 inline-block w-8 text-right text-slate-400">{line}</span>
                {lines[line - 1] ?? ''}
              </div>
              {byLine.get(line)?.map((p, i) => (
                <IssueLine key={i} issue={p} />
              ))}
            </div>
          ))}
      </div>
    </div>
  );
}

/** A caret under the issue's column, then where, severity, code, field, message and hint. */
function IssueLine({ issue: p }: { issue: Issue }) {
  return (
    <div
      title={p.text}
      data-testid="import-issue"
      data-line={p.line}
      data-row={p.row ?? ''}
      data-column={p.column}
      data-code={p.code}
      className={p.severity === 'error' ? 'text-red-700' : 'text-amber-700'}
    >
      <div className="whitespace-pre">
        <span className="mr-2 inline-block w-8" />
        {' '.repeat(Math.max(0, p.column - 1))}^
      </div>
      <div className="font-sans">
        {where(p)}: {p.severity} <b>{p.code}</b>
        {p.field ? ` at ${p.field}` : ''}: {p.message}
        {p.hint && <span className="text-slate-600"> {p.hint}</span>}
      </div>
    </div>
  );
}

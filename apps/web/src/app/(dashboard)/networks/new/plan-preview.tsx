'use client';

import { formatOp } from '~/lib/format-op';

type Outcome =
  | { hostId: string; host: string; ok: true; value: { ok: boolean; issues: { message: string; severity: string; hint?: string | undefined }[]; steps: { op: Parameters<typeof formatOp>[0]; why: string }[] } }
  | { hostId: string; host: string; ok: false; error: string };

/** The exact kernel operations each host's agent would run, from its own dry run. */
export function PlanPreview({ outcomes, loading }: { outcomes: Outcome[] | undefined; loading: boolean }) {
  return (
    <div className="space-y-3" data-testid="plan-preview">
      <h2 className="font-medium">Plan preview {loading && <span className="text-xs text-slate-500">(updating…)</span>}</h2>
      {!outcomes?.length && <p className="text-sm text-slate-500">Pick hosts and fill in the form to see what each agent will do.</p>}
      {outcomes?.map((o) => (
        <div key={o.hostId} className="rounded border border-slate-200 bg-white p-2 text-sm" data-testid={`plan-${o.host}`}>
          <div className="font-medium">{o.host}</div>
          {!o.ok && <p className="text-amber-700">{o.error}</p>}
          {o.ok && !o.value.ok && (
            <ul className="text-red-700">{o.value.issues.filter((i) => i.severity === 'error').map((i) => <li key={i.message}>{i.message}</li>)}</ul>
          )}
          {o.ok && o.value.ok && o.value.steps.length === 0 && <p className="text-slate-500" data-testid="plan-no-ops">No kernel changes: the parent exists; the network is recorded and used on connect.</p>}
          {o.ok && o.value.ok && (
            <ol className="list-decimal pl-5 font-mono text-xs">
              {o.value.steps.map((s, i) => (
                <li key={i} data-testid="plan-step" title={s.why}>{formatOp(s.op)} <span className="font-sans text-slate-500">— {s.why}</span></li>
              ))}
            </ol>
          )}
          {o.ok && o.value.issues.filter((i) => i.severity === 'warning').map((w) => <p key={w.message} className="text-xs text-amber-700">{w.message}</p>)}
        </div>
      ))}
    </div>
  );
}

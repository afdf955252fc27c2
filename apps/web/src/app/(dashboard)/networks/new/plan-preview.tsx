'use client';

import type { HostRange } from '@underlay/core';
import { formatOp } from '~/lib/format-op';

type Outcome =
  | {
      hostId: string;
      host: string;
      ok: true;
      value: {
        ok: boolean;
        issues: { message: string; severity: string; hint?: string | undefined }[];
        steps: { op: Parameters<typeof formatOp>[0]; why: string }[];
      };
    }
  | { hostId: string; host: string; ok: false; error: string };

/** The exact kernel operations each host's agent would run, from its own dry run, and each host's address slice. */
export function PlanPreview({
  outcomes,
  loading,
  ranges,
}: {
  outcomes: Outcome[] | undefined;
  loading: boolean;
  ranges: HostRange[];
}) {
  return (
    <div className="space-y-3" data-testid="plan-preview">
      <h2 className="font-medium">
        Plan preview {loading && <span className="text-xs text-slate-500">(updating…)</span>}
      </h2>
      {ranges.length > 0 && <RangeTable ranges={ranges} />}
      {!outcomes?.length && (
        <p className="text-sm text-slate-500">
          Pick hosts and fill in the form to see what each agent will do.
        </p>
      )}
      {outcomes?.map((o) => (
        <div
          key={o.hostId}
          className="rounded border border-slate-200 bg-white p-2 text-sm"
          data-testid={`plan-${o.host}`}
        >
          <div className="font-medium">{o.host}</div>
          {!o.ok && <p className="text-amber-700">{o.error}</p>}
          {o.ok && !o.value.ok && (
            <ul className="text-red-700">
              {o.value.issues
                .filter((i) => i.severity === 'error')
                .map((i) => (
                  <li key={i.message}>{i.message}</li>
                ))}
            </ul>
          )}
          {o.ok && o.value.ok && o.value.steps.length === 0 && (
            <p className="text-slate-500" data-testid="plan-no-ops">
              No kernel changes: the parent exists; the network is recorded and used on connect.
            </p>
          )}
          {o.ok && o.value.ok && (
            <ol className="list-decimal pl-5 font-mono text-xs">
              {o.value.steps.map((s, i) => (
                <li key={i} data-testid="plan-step" title={s.why}>
                  {formatOp(s.op)} <span className="font-sans text-slate-500">— {s.why}</span>
                </li>
              ))}
            </ol>
          )}
          {o.ok &&
            o.value.issues
              .filter((i) => i.severity === 'warning')
              .map((w) => (
                <p key={w.message} className="text-xs text-amber-700">
                  {w.message}
                </p>
              ))}
        </div>
      ))}
    </div>
  );
}

/** Coordinated addressing: the --ip-range each host will allocate from, per subnet. */
function RangeTable({ ranges }: { ranges: HostRange[] }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-2 text-sm" data-testid="plan-ranges">
      <div className="font-medium">Addresses per host</div>
      <p className="text-xs text-slate-500">
        Each host hands out addresses only from its own slice (static addresses may be anywhere in
        the subnet).
      </p>
      <table className="mt-1 font-mono text-xs">
        <tbody>
          {ranges.map((r) => (
            <tr
              key={`${r.host}/${r.subnet}`}
              data-testid={`plan-range-${r.host}`}
              data-range={r.ipRange}
            >
              <td className="pr-3 font-sans">{r.host}</td>
              <td className="pr-3">{r.ipRange}</td>
              <td className="text-slate-500">of {r.subnet}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

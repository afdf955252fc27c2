'use client';

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
        /** Coordinated: the store this host leases its address blocks from. */
        lease: { host: string; store: string } | null;
      };
    }
  | { hostId: string; host: string; ok: false; error: string };

type Plan = Extract<Outcome, { ok: true }>['value'];

/** The plan's issues of one severity. */
const ofSeverity = (plan: Plan, severity: string) =>
  plan.issues.filter((i) => i.severity === severity);

/** A plan the agent accepts: "no kernel changes", or its steps in order, each with why. */
function PlanSteps({ plan }: { plan: Plan }) {
  return (
    <>
      {plan.steps.length === 0 && (
        <p className="text-slate-500" data-testid="plan-no-ops">
          No kernel changes: the parent exists; the network is recorded and used on connect.
        </p>
      )}
      <ol className="list-decimal pl-5 font-mono text-xs">
        {plan.steps.map((s, i) => (
          <li key={i} data-testid="plan-step" title={s.why}>
            {formatOp(s.op)} <span className="font-sans text-slate-500">— {s.why}</span>
          </li>
        ))}
      </ol>
    </>
  );
}

/** An answered dry run: its errors when refused, else its steps; then its warnings. */
function HostDryRun({ plan }: { plan: Plan }) {
  return (
    <>
      {!plan.ok && (
        <ul className="text-red-700">
          {ofSeverity(plan, 'error').map((i) => (
            <li key={i.message}>{i.message}</li>
          ))}
        </ul>
      )}
      {plan.ok && <PlanSteps plan={plan} />}
      {ofSeverity(plan, 'warning').map((w) => (
        <p key={w.message} className="text-xs text-amber-700">
          {w.message}
        </p>
      ))}
    </>
  );
}

/** One host's box: its name, then why its agent did not answer or what its dry run says. */
function HostPlan({ o }: { o: Outcome }) {
  return (
    <div
      className="rounded border border-slate-200 bg-white p-2 text-sm"
      data-testid={`plan-${o.host}`}
    >
      <div className="font-medium">{o.host}</div>
      {o.ok ? <HostDryRun plan={o.value} /> : <p className="text-amber-700">{o.error}</p>}
    </div>
  );
}

/** The exact kernel operations each host's agent would run, from its own dry run, and where each host's addresses come from. */
export function PlanPreview({
  outcomes,
  loading,
  error,
}: {
  outcomes: Outcome[] | undefined;
  loading: boolean;
  /** The hub's refusal of the whole plan (a host without a fleet store). */
  error?: string | undefined;
}) {
  const leases = (outcomes ?? []).flatMap((o) => (o.ok && o.value.lease ? [o.value.lease] : []));
  return (
    <div className="space-y-3" data-testid="plan-preview">
      <h2 className="font-medium">
        Plan preview {loading && <span className="text-xs text-slate-500">(updating…)</span>}
      </h2>
      {error && (
        <p className="text-sm text-red-700" role="alert" data-testid="plan-error">
          {error}
        </p>
      )}
      {leases.length > 0 && <LeaseTable leases={leases} />}
      {!outcomes?.length && !error && (
        <p className="text-sm text-slate-500">
          Pick hosts and fill in the form to see what each agent will do.
        </p>
      )}
      {outcomes?.map((o) => (
        <HostPlan key={o.hostId} o={o} />
      ))}
    </div>
  );
}

/** Coordinated addressing: every host gets the whole subnet and hands out addresses from its own blocks. */
function LeaseTable({ leases }: { leases: { host: string; store: string }[] }) {
  return (
    <div className="rounded border border-slate-200 bg-white p-2 text-sm" data-testid="plan-leases">
      <div className="font-medium">Addresses per host</div>
      <p className="text-xs text-slate-500">
        Every host gets the whole subnet. Each hands out addresses only from address blocks it holds
        in the fleet store (a /28 at its first container, more as they fill), so no two hosts give
        out the same address; a static address in another host&apos;s block is refused.
      </p>
      <table className="mt-1 text-xs">
        <tbody>
          {leases.map((l) => (
            <tr key={l.host} data-testid={`plan-lease-${l.host}`} data-store={l.store}>
              <td className="pr-3">{l.host}</td>
              <td className="text-slate-500">its own blocks, leased from {l.store}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

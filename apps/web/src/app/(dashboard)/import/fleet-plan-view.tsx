'use client';

import { fieldText, type FleetImportPlan, type NetworkSpec, type SpecField } from '@underlay/core';

type HostPlan = FleetImportPlan['plans'][number];
type Action = HostPlan['actions'][number];

const CREATE_FIELDS: SpecField[] = ['parent', 'mode', 'flag', 'subnets', 'internal', 'labels'];

function Fields({ rows }: { rows: [string, string][] }) {
  return (
    <dl className="ml-6 grid grid-cols-[auto_1fr] gap-x-3 font-mono text-xs text-slate-600">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt>{k}</dt>
          <dd className="break-all">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

const createRows = (spec: NetworkSpec): [string, string][] =>
  CREATE_FIELDS.filter((f) => f !== 'internal' || spec.internal)
    .filter((f) => f !== 'labels' || Object.keys(spec.labels).length)
    .map((f) => [f, fieldText(spec, f)]);

function ActionItem({ action }: { action: Action }) {
  const blocked = action.kind !== 'create' && action.blocked;
  const [mark, color, verb] =
    action.kind === 'create'
      ? ['+', 'text-green-700', 'create']
      : action.kind === 'remove'
        ? ['-', 'text-red-700', 'remove']
        : action.how === 'in-place'
          ? ['~', 'text-amber-700', 'update in place']
          : ['±', 'text-orange-700', 'replace (remove + create)'];
  return (
    <li data-testid="import-action" data-kind={action.kind} data-network={action.name}>
      <span className={`font-mono ${blocked ? 'text-red-700' : color}`}>
        {blocked ? '!' : mark} {action.name}
      </span>{' '}
      <span className="text-slate-600">{verb}</span>
      {blocked && <span className="text-red-700"> refused: {action.blocked}</span>}
      {action.kind === 'create' && <Fields rows={createRows(action.to)} />}
      {action.kind === 'change' && (
        <Fields
          rows={action.fields.map((f) => [
            f,
            `${fieldText(action.from, f)} → ${fieldText(action.to, f)}`,
          ])}
        />
      )}
    </li>
  );
}

/** The plan per host, terraform style: + create, ~ update in place, ± replace, - remove, ! refused; then the summary line. */
export function FleetPlanView({ plan }: { plan: FleetImportPlan }) {
  if (plan.issues.some((p) => p.severity === 'error'))
    return <p className="text-sm text-red-700">{plan.summary}</p>;
  return (
    <div className="space-y-3" data-testid="import-plan">
      {plan.plans.map((p) => (
        <div
          key={p.host}
          className="rounded border border-slate-200 bg-white p-2 text-sm"
          data-testid={`import-plan-${p.host}`}
        >
          <div className="font-medium">{p.host}</div>
          {!p.actions.length && <p className="text-slate-500">no changes</p>}
          <ul className="space-y-1">
            {p.actions.map((a) => (
              <ActionItem key={`${a.kind}/${a.name}`} action={a} />
            ))}
          </ul>
          {p.unchanged.length > 0 && (
            <p className="text-xs text-slate-500">= {p.unchanged.length} unchanged</p>
          )}
          {p.unmanaged.length > 0 && (
            <p className="text-xs text-slate-500">
              ? not in the file, kept (prune removes): {p.unmanaged.join(', ')}
            </p>
          )}
        </div>
      ))}
      {plan.unreachable.map((u) => (
        <p key={u.host} className="text-sm text-amber-700" data-testid="import-unreachable">
          {u.host} did not answer, no plan for it: {u.error}
        </p>
      ))}
      <p className="font-medium" data-testid="import-summary">
        {plan.summary}
      </p>
    </div>
  );
}

import type { FleetAction, HostPlan } from './diff';
import { planCounts } from './diff';
import type { NetworkSpec, SpecField, SpecSubnet } from './spec';

// `terraform plan` for networks: per host, + create, ~ change (in place or
// replace), - remove, with the fields that move, then one summary line.

const subnetText = (s: SpecSubnet): string =>
  [
    s.subnet,
    s.gateway ? `gw ${s.gateway}` : '',
    s.ipRange ? `range ${s.ipRange}` : '',
    ...Object.entries(s.auxAddresses).map(([k, v]) => `aux ${k}=${v}`),
  ]
    .filter(Boolean)
    .join(' ');

/** A field's value as one short string. */
export function fieldText(spec: NetworkSpec, field: SpecField): string {
  const value = spec[field];
  if (field === 'subnets') return spec.subnets.map(subnetText).join(', ');
  if (field === 'labels')
    return (
      Object.entries(spec.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ') || '(none)'
    );
  if (field === 'parent') return spec.parent ?? '(dummy, isolated)';
  return String(value);
}

function createLines(spec: NetworkSpec): string[] {
  const fields: SpecField[] = ['parent', 'mode', 'flag', 'subnets'];
  if (spec.internal) fields.push('internal');
  if (Object.keys(spec.labels).length) fields.push('labels');
  return fields.map((f) => `        ${f}: ${fieldText(spec, f)}`);
}

function actionLines(action: FleetAction): string[] {
  switch (action.kind) {
    case 'create':
      return [`  + ${action.name}`, ...createLines(action.to)];
    case 'remove':
      return action.blocked
        ? [`  ! ${action.name}: remove refused: ${action.blocked}`]
        : [`  - ${action.name}`];
    case 'change': {
      const how = action.how === 'in-place' ? 'update in place' : 'replace (remove + create)';
      const head = action.blocked
        ? `  ! ${action.name}: ${how} refused: ${action.blocked}`
        : `  ~ ${action.name}: ${how}`;
      return [
        head,
        ...action.fields.map(
          (f) => `        ${f}: ${fieldText(action.from, f)} -> ${fieldText(action.to, f)}`,
        ),
      ];
    }
  }
}

/** The plan of one host as lines. */
export function hostPlanLines(plan: HostPlan): string[] {
  const lines = [`${plan.host}:`];
  if (!plan.actions.length) lines.push('  no changes');
  lines.push(...plan.actions.flatMap(actionLines));
  if (plan.unchanged.length) lines.push(`  = ${plan.unchanged.length} unchanged`);
  if (plan.unmanaged.length)
    lines.push(`  ? not in the file, kept (--prune removes): ${plan.unmanaged.join(', ')}`);
  return lines;
}

/** The summary line, as terraform's "Plan: …". */
export function planSummary(plans: readonly HostPlan[]): string {
  const c = planCounts(plans);
  if (!c.create && !c.change && !c.remove)
    return `No changes: ${plans.length} host(s) match the file (${c.unchanged} network(s)).`;
  const refused = c.blocked ? `, ${c.blocked} refused` : '';
  return `Plan: ${c.create} to create, ${c.change} to change, ${c.remove} to remove on ${c.hostsWithChanges} of ${plans.length} host(s)${refused}.`;
}

/** The whole plan as text. */
export function formatFleetPlan(plans: readonly HostPlan[]): string {
  return [...plans.flatMap((p) => [...hostPlanLines(p), '']), planSummary(plans)].join('\n');
}

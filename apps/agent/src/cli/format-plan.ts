import { type Issue, type KernelOp, type NetworkPlanResult, formatIssue } from '@underlay/core';

// `network plan`: the validation issues, then the numbered kernel operations
// with their `why`, each shown as the `ip` command it amounts to.

/** The `ip` command an operation is equivalent to (display only; the agent batches them). */
export function describeOp(op: KernelOp): string {
  const ns = 'netns' in op && op.netns ? `-n ${op.netns} ` : '';
  switch (op.op) {
    case 'netnsAdd':
      return `ip netns add ${op.name}`;
    case 'netnsDel':
      return `ip netns del ${op.name}`;
    case 'linkAdd':
      return `ip ${ns}link add ${linkSpecText(op.spec)}`;
    case 'linkDel':
      return `ip ${ns}link del ${op.name}`;
    case 'linkSetUp':
      return `ip ${ns}link set ${op.name} up`;
    case 'linkSetDown':
      return `ip ${ns}link set ${op.name} down`;
    case 'linkSetNetns':
      return `ip ${ns}link set ${op.name} netns ${op.target}`;
    case 'linkRename':
      return `ip ${ns}link set ${op.name} name ${op.newName}`;
    case 'addrAdd':
      return `ip ${ns}addr add ${op.address} dev ${op.dev}${op.nodad ? ' nodad' : ''}`;
    case 'addrDel':
      return `ip ${ns}addr del ${op.address} dev ${op.dev}`;
    case 'routeReplace':
      return `ip -${op.family} ${ns}route replace ${op.dst}${op.via ? ` via ${op.via}` : ''} dev ${op.dev}`;
    case 'routeDel':
      return `ip -${op.family} ${ns}route del ${op.dst}${op.via ? ` via ${op.via}` : ''}${op.dev ? ` dev ${op.dev}` : ''}`;
  }
}

function linkSpecText(spec: Extract<KernelOp, { op: 'linkAdd' }>['spec']): string {
  switch (spec.kind) {
    case 'dummy':
      return `${spec.name} type dummy`;
    case 'vlan':
      return `link ${spec.link} name ${spec.name} type vlan id ${spec.id}`;
    case 'ipvlan':
      return `link ${spec.link} name ${spec.name} type ipvlan mode ${spec.mode} ${spec.flag}`;
  }
}

/** A plan as the agent answers it: issues (warnings, or errors that refuse it) and steps. */
export interface PlanView {
  issues: Issue[];
  steps: { op: KernelOp; why: string }[];
}

/** Reads the agent's plan answer. */
export function readPlan(answer: NetworkPlanResult): PlanView {
  return { issues: answer.issues, steps: answer.steps };
}

/** The lines `network plan` prints; `refused` when any issue is an error. */
export function formatPlan(name: string, plan: PlanView): { lines: string[]; refused: boolean } {
  const errors = plan.issues.filter((p) => p.severity !== 'warning');
  const warnings = plan.issues.filter((p) => p.severity === 'warning');
  const lines = [
    ...errors.map((p) => `Error: ${formatIssue(p)}`),
    ...warnings.map((p) => `Warning: ${formatIssue(p)}`),
  ];
  if (errors.length)
    return {
      lines: [...lines, `Network "${name}" would be refused; nothing was sent to the kernel.`],
      refused: true,
    };
  if (!plan.steps.length)
    return { lines: [...lines, `Network "${name}": no kernel operations needed.`], refused: false };
  const width = String(plan.steps.length).length;
  const numbered = plan.steps.flatMap((step, i) => [
    `${String(i + 1).padStart(width)}. ${describeOp(step.op)}`,
    ...(step.why ? [`${' '.repeat(width + 2)}why: ${step.why}`] : []),
  ]);
  return {
    lines: [
      ...lines,
      `Plan for network "${name}" (${plan.steps.length} operations; nothing was sent to the kernel):`,
      ...numbered,
    ],
    refused: false,
  };
}

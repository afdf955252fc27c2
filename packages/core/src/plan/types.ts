import type { Issue } from '../errors';
import type { KernelOp, PlanStep } from '../schemas/ops';

// The contract between plan() and the agent's executor:
// - steps run in order; on a failure the executor runs the inverses of the
//   steps already done, last first (`rollbackOf`), then rethrows;
// - an inverse that deletes (linkDel, addrDel, routeDel, netnsDel) and finds
//   nothing counts as done: one inverse may remove what a later one would
//   (a link deleted inside the container takes its addresses and routes, and
//   the host-side linkDel of its temporary name then finds nothing);
// - a null inverse means nothing needs undoing, or that the step cannot be
//   undone and is therefore placed last.

/** An ordered list of kernel operations with their inverses, plus warnings for the person who asked. */
export interface Plan {
  steps: PlanStep[];
  warnings: Issue[];
}

/** A plan that does nothing: what "check" returns when the kernel already matches. */
export const emptyPlan = (): Plan => ({ steps: [], warnings: [] });

/** One step; `why` is shown to people in `network plan` and the dashboard's preview. */
export const step = (op: KernelOp, inverse: KernelOp | null, why: string): PlanStep => ({
  op,
  inverse,
  why,
});

/** Concatenates plans in order. */
export const joinPlans = (...plans: Plan[]): Plan => ({
  steps: plans.flatMap((p) => p.steps),
  warnings: plans.flatMap((p) => p.warnings),
});

/** The inverses of the steps done, in the order the executor must run them (last done first). */
export function rollbackOf(done: readonly PlanStep[]): KernelOp[] {
  const ops: KernelOp[] = [];
  for (let i = done.length - 1; i >= 0; i--) {
    const inverse = done[i]?.inverse;
    if (inverse) ops.push(inverse);
  }
  return ops;
}

/** Host links a plan creates (the agent records them as owned, with the network that uses them). */
export function linksCreatedBy(plan: Plan): string[] {
  return plan.steps.flatMap(({ op }) =>
    op.op === 'linkAdd' && !op.netns && op.spec.kind !== 'ipvlan' ? [op.spec.name] : [],
  );
}

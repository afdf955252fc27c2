import type { KernelOp, PlanStep } from '@underlay/core';

// Exec is the cost to design around (LAB.md): consecutive ops that run in the
// same namespace go to one `ip -n NS -batch` process. Namespace verbs are not
// `ip` link commands and run on their own.

/** A run of steps that one process executes. `netnsVerb` marks a netnsAdd/netnsDel step. */
export interface Batch {
  netns: string | undefined;
  netnsVerb: boolean;
  steps: PlanStep[];
}

/** True for ops that create or delete a namespace rather than act inside one. */
export const isNetnsVerb = (op: KernelOp): boolean => op.op === 'netnsAdd' || op.op === 'netnsDel';

const whereOf = (op: KernelOp): string | undefined => ('netns' in op ? op.netns : undefined);

/** Splits steps into consecutive runs sharing a namespace (namespace verbs alone). */
export function batchesOf(steps: PlanStep[]): Batch[] {
  const batches: Batch[] = [];
  for (const step of steps) {
    const netnsVerb = isNetnsVerb(step.op);
    const netns = whereOf(step.op);
    const last = batches.at(-1);
    if (last && !netnsVerb && !last.netnsVerb && last.netns === netns) last.steps.push(step);
    else batches.push({ netns, netnsVerb, steps: [step] });
  }
  return batches;
}

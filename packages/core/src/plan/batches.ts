import type { KernelOp, PlanStep } from '../schemas/ops';

/** A run of operations the agent sends to one process: one `ip [-n NETNS] -batch -`, or one `ip netns` command. */
export interface Batch<T> {
  /** 'ip': run with `ip -batch` (in `netns` when set); 'netns': an `ip netns add|del`, always alone. */
  runner: 'ip' | 'netns';
  netns: string | undefined;
  items: T[];
}

const isNetnsOp = (op: KernelOp): boolean => op.op === 'netnsAdd' || op.op === 'netnsDel';
const whereOf = (op: KernelOp): string | undefined => ('netns' in op ? op.netns : undefined);

// Exec is the cost to design around (LAB.md: 10–19 execs/s against ~1000
// batched ops/s), so consecutive ops in one namespace share a process. Order
// is kept: a run ends where the namespace changes, so a link is moved
// (in the host's run) before it is renamed (in the container's run).
/** Groups items (steps or ops) into consecutive runs that share a namespace. */
export function batchesOfItems<T>(items: readonly T[], opOf: (item: T) => KernelOp): Batch<T>[] {
  const batches: Batch<T>[] = [];
  for (const item of items) {
    const op = opOf(item);
    const last = batches.at(-1);
    if (isNetnsOp(op)) batches.push({ runner: 'netns', netns: undefined, items: [item] });
    else if (last && last.runner === 'ip' && last.netns === whereOf(op)) last.items.push(item);
    else batches.push({ runner: 'ip', netns: whereOf(op), items: [item] });
  }
  return batches;
}

/** Runs of plan steps for the executor. */
export const batchesOf = (steps: readonly PlanStep[]): Batch<PlanStep>[] =>
  batchesOfItems(steps, (s) => s.op);

/** Runs of bare ops (the rollback list from `rollbackOf`). */
export const batchesOfOps = (ops: readonly KernelOp[]): Batch<KernelOp>[] =>
  batchesOfItems(ops, (op) => op);

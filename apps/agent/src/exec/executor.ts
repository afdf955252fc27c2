import type { KernelOp } from '@underlay/core';

// What the plan runner needs from the kernel: run a list of ops in one process
// and, on failure, say which one failed. The real one is netlink; tests of
// rollback order use a fake.

/** What a batch in a named namespace may report: that namespace's links as they are after it. */
export interface BatchReport {
  links?: { name: string; mac: string }[];
}

/** Runs `ops` in order in `netns` (the host's when undefined). */
export interface OpExecutor {
  runBatch(batch: { netns: string | undefined; ops: KernelOp[] }): Promise<BatchReport | void>;
}

/** The error shape a failing batch throws: `index` is the failing op within the batch. */
export interface BatchError {
  index?: number;
  errno?: string;
  stderr?: string;
  message: string;
}

/** One line naming an op, for messages: `linkAdd ipvlan eth0 on eth0.10 (in c1)`. */
export function describeOp(op: KernelOp): string {
  const where = 'netns' in op && op.netns ? ` (in ${op.netns})` : '';
  switch (op.op) {
    case 'netnsAdd':
    case 'netnsDel':
      return `${op.op} ${op.name}`;
    case 'linkAdd': {
      const on = op.spec.kind === 'dummy' ? '' : ` on ${op.spec.link}`;
      return `linkAdd ${op.spec.kind} ${op.spec.name}${on}${where}`;
    }
    case 'linkDel':
    case 'linkSetUp':
    case 'linkSetDown':
      return `${op.op} ${op.name}${where}`;
    case 'linkSetNetns':
      return `linkSetNetns ${op.name} → ${op.target}${where}`;
    case 'linkRename':
      return `linkRename ${op.name} → ${op.newName}${where}`;
    case 'addrAdd':
    case 'addrDel':
      return `${op.op} ${op.address} dev ${op.dev}${where}`;
    case 'routeReplace':
    case 'routeDel':
      return `${op.op} -${op.family} ${op.dst}${op.via ? ` via ${op.via}` : ''}${op.dev ? ` dev ${op.dev}` : ''}${where}`;
  }
}

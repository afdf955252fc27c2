import type { KernelOp } from '@underlay/core';
import type { BatchOp } from '@underlay/netlink';

// netlink's BatchOp is shaped like core's KernelOp (the op's namespace may be
// repeated on each op), so the translation is the identity for `ip` ops; the
// namespace verbs are not batch ops and are refused here.

/** KernelOp (an `ip` op, not a namespace verb) → netlink BatchOp. */
export function toBatchOp(op: KernelOp): BatchOp {
  switch (op.op) {
    case 'netnsAdd':
    case 'netnsDel':
      throw new Error(
        `${op.op} is a namespace verb, not an ip batch op: the runner gives it its own step`,
      );
    default:
      return op;
  }
}

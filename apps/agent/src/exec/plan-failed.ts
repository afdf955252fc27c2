import { DomainError, type KernelOp } from '@underlay/core';
import { describeOp } from './executor';

// A failed plan reports three things a person needs: which kernel op failed
// and why (errno, stderr), and whether undoing what was done succeeded. A
// failed inverse means the host may hold leftovers, and the message says so.

/** Why one op failed. */
export interface OpFailure {
  op: KernelOp;
  errno: string | undefined;
  stderr: string | undefined;
  message: string;
}

/** What the rollback did. */
export interface RollbackOutcome {
  undone: number;
  failures: OpFailure[];
}

// iproute2's "Command failed -:N" only says which batch line it was; the op says that better.
const stderrText = (stderr: string | undefined): string =>
  (stderr ?? '')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('Command failed'))
    .join('; ')
    .trim();

const describeFailure = (f: OpFailure): string =>
  `${describeOp(f.op)}: ${stderrText(f.stderr) || f.message}${f.errno ? ` (${f.errno})` : ''}`;

/** A plan that failed midway, with its rollback outcome attached. */
export class PlanFailedError extends DomainError {
  readonly failure: OpFailure;
  readonly rollback: RollbackOutcome;

  constructor(failure: OpFailure, rollback: RollbackOutcome) {
    const clean = rollback.failures.length === 0;
    const tail = clean
      ? `rolled back: ${rollback.undone} step(s) undone, nothing left behind`
      : `ROLLBACK INCOMPLETE: ${rollback.failures.length} undo step(s) failed, leftovers may remain on the host: ${rollback.failures.map(describeFailure).join('; ')}; run \`networks repair\` or remove them by hand`;
    super({
      code: clean ? 'ROLLED_BACK' : 'KERNEL_ERROR',
      path: [],
      message: `${describeFailure(failure)}; ${tail}`,
      hint: clean ? 'Fix the cause named above and retry.' : undefined,
      severity: 'error',
    });
    this.failure = failure;
    this.rollback = rollback;
  }
}

/** Reads errno/stderr/message off whatever a batch threw. */
export function toOpFailure(op: KernelOp, cause: unknown): OpFailure {
  const err = (cause ?? {}) as { errno?: unknown; stderr?: unknown; message?: unknown };
  return {
    op,
    errno:
      typeof err.errno === 'string'
        ? err.errno
        : typeof err.errno === 'number'
          ? String(err.errno)
          : undefined,
    stderr: typeof err.stderr === 'string' ? err.stderr : undefined,
    message: typeof err.message === 'string' ? err.message : String(cause),
  };
}

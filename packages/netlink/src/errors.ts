import type { ErrnoName } from './errno.js';

/** What a failed kernel operation was, as data, so callers decide by errno rather than by parsing text. */
export class NetlinkError extends Error {
  override readonly name = 'NetlinkError';
  /** The verb that failed (`linkAdd`, `netnsDel`, …). */
  readonly op: string;
  /** The full argv that ran (for a batch: the equivalent single command of the failing op). */
  readonly argv: readonly string[];
  readonly netns: string | undefined;
  /** Errno name recovered from iproute2's text (`EEXIST`…), or `UNKNOWN`, `ETIMEDOUT`, `ESPAWN` (ip did not start), `EPARSE` (output did not parse). */
  readonly errno: ErrnoName;
  readonly stderr: string;
  readonly exitCode: number | undefined;
  /** For batch: index of the op that failed; ops before it ran, ops after it did not. */
  readonly index: number | undefined;
  /** For batch: the op that failed. */
  readonly batchOp: unknown;

  constructor(init: {
    op: string;
    argv: readonly string[];
    netns?: string | undefined;
    errno: ErrnoName;
    stderr: string;
    exitCode?: number | undefined;
    index?: number | undefined;
    batchOp?: unknown;
    message?: string;
  }) {
    super(init.message ?? describe(init));
    this.op = init.op;
    this.argv = init.argv;
    this.netns = init.netns;
    this.errno = init.errno;
    this.stderr = init.stderr;
    this.exitCode = init.exitCode;
    this.index = init.index;
    this.batchOp = init.batchOp;
  }
}

/** Bad input caught before anything ran: names the field and says how to fix it. */
export class NetlinkSpecError extends Error {
  override readonly name = 'NetlinkSpecError';
  readonly code = 'INVALID_SPEC';
  constructor(
    readonly op: string,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${op}: ${field || 'input'}: ${reason}`);
  }
}

const HINTS: Record<string, string> = {
  EEXIST: 'it already exists: delete it first or use an ensure… helper',
  ENODEV: 'no such device in this namespace: check the name and the netns',
  ENOENT: 'no such namespace or file: create it first',
  EBUSY: 'the device is busy (in use, or up when it must be down)',
  EOPNOTSUPP: 'the kernel does not support this (driver missing? see probeCapabilities)',
  EPERM: 'permission denied: this needs root (CAP_NET_ADMIN)',
  EADDRINUSE: 'the address is already used by a sibling ipvlan link',
};

function describe(e: {
  op: string;
  netns?: string | undefined;
  errno: string;
  stderr: string;
  index?: number | undefined;
}): string {
  const where = e.netns ? ` in netns ${e.netns}` : '';
  const at = e.index === undefined ? '' : ` (batch op #${e.index})`;
  const text =
    e.stderr.split('\n').find((l) => l.trim() && !l.startsWith('Command failed')) ?? 'no message';
  const hint = HINTS[e.errno];
  return `${e.op}${at} failed${where}: ${text.trim()} [${e.errno}]${hint ? `: ${hint}` : ''}`;
}

const hasErrno = (e: unknown, ...names: string[]): boolean =>
  e instanceof NetlinkError && names.includes(e.errno);

/** The thing to create is already there. */
export const isExists = (e: unknown): boolean => hasErrno(e, 'EEXIST');
/** The device, namespace, address or route to act on is not there. */
export const isNotFound = (e: unknown): boolean =>
  hasErrno(e, 'ENODEV', 'ENOENT', 'ESRCH', 'EADDRNOTAVAIL');
/** The device is in use or must be down first. */
export const isBusy = (e: unknown): boolean => hasErrno(e, 'EBUSY');
/** The kernel lacks the feature (missing driver or mode). */
export const isNotSupported = (e: unknown): boolean =>
  hasErrno(e, 'EOPNOTSUPP', 'EAFNOSUPPORT', 'EPROTONOSUPPORT');

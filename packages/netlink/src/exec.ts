import { execa } from 'execa';
import { errnoFromStderr } from './errno.js';
import { NetlinkError, NetlinkSpecError } from './errors.js';
import { parseNetns } from './specs.js';
import { netnsArgs } from './argv.js';

// The only module that starts processes: argv arrays (never a shell),
// reject:false, then one place that turns failures into NetlinkError.

const IP = 'ip';
const DEFAULT_TIMEOUT_MS = 30_000;

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

interface Raw {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  code?: string | undefined;
}

async function spawn(
  argv: readonly string[],
  opts: { input?: string | undefined; timeoutMs?: number | undefined },
): Promise<Raw> {
  const [file = '', ...args] = argv;
  const r = await execa(file, args, {
    reject: false,
    input: opts.input ?? '',
    timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stripFinalNewline: false,
  });
  return {
    exitCode: r.exitCode,
    stdout: String(r.stdout),
    stderr: String(r.stderr),
    timedOut: r.timedOut,
    code: r.code,
  };
}

/** The errno of a process that did not run or did not finish, else of its stderr. */
function failureErrno(r: Raw): string {
  if (r.timedOut) return 'ETIMEDOUT';
  if (r.exitCode === undefined) return 'ESPAWN';
  return errnoFromStderr(r.stderr);
}

/** Runs `ip [-n NS] ARGS…` and returns stdout; throws NetlinkError on any failure. */
export async function runIp(call: {
  op: string;
  netns?: string | undefined;
  args: readonly string[];
  input?: string;
  timeoutMs?: number | undefined;
}): Promise<string> {
  const argv = [IP, ...netnsArgs(call.netns), ...call.args];
  const r = await spawn(argv, call);
  if (r.exitCode === 0) return r.stdout;
  throw new NetlinkError({
    op: call.op,
    argv,
    netns: call.netns,
    errno: failureErrno(r),
    stderr: r.stderr || (r.code ?? ''),
    exitCode: r.exitCode,
  });
}

/**
 * Runs a listing and parses its stdout; output that does not parse (an
 * iproute2 that prints something else) is a NetlinkError EPARSE, not a
 * stray ZodError, so callers handle one error type.
 */
export async function runIpParsed<T>(
  call: { op: string; netns?: string | undefined; args: readonly string[] },
  parse: (stdout: string) => T,
): Promise<T> {
  const stdout = await runIp(call);
  try {
    return parse(stdout);
  } catch (e) {
    throw new NetlinkError({
      op: call.op,
      argv: [IP, ...netnsArgs(call.netns), ...call.args],
      netns: call.netns,
      errno: 'EPARSE',
      stderr: '',
      message: `${call.op}: cannot parse the output of ip (${(e as Error).message.split('\n')[0]}) [EPARSE]`,
    });
  }
}

/** Like runIp but hands a failed run back as data (batch maps the failing line itself). */
export async function runIpRaw(call: {
  netns?: string | undefined;
  args: readonly string[];
  input?: string;
  timeoutMs?: number | undefined;
}): Promise<ExecResult & { argv: string[]; errno: string }> {
  const argv = [IP, ...netnsArgs(call.netns), ...call.args];
  const r = await spawn(argv, call);
  return {
    argv,
    exitCode: r.exitCode ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    errno: r.exitCode === 0 ? '' : failureErrno(r),
  };
}

/** Runs any program (e.g. mount) that must succeed; failures become NetlinkError. */
export async function runCommand(op: string, argv: readonly string[]): Promise<string> {
  const r = await spawn(argv, {});
  if (r.exitCode === 0) return r.stdout;
  throw new NetlinkError({
    op,
    argv,
    errno: failureErrno(r),
    stderr: r.stderr || (r.code ?? ''),
    exitCode: r.exitCode,
  });
}

/**
 * Runs a diagnostic (ping…) in a namespace. Its exit status is data, not an
 * error; only a missing namespace or a failure to start throws.
 * Equivalent to: ip netns exec NETNS ARGV…
 */
export async function execIn(spec: {
  netns?: string | undefined;
  argv: readonly string[];
  timeoutMs?: number;
}): Promise<ExecResult> {
  if (spec.argv.length === 0 || spec.argv.some((a) => a.includes('\0')))
    throw new NetlinkSpecError(
      'execIn',
      'argv',
      'must name a program (argv[0]) and hold no NUL bytes',
    );
  const argv =
    spec.netns === undefined
      ? [...spec.argv]
      : [IP, 'netns', 'exec', parseNetns('execIn', spec.netns) ?? '', ...spec.argv];
  const r = await spawn(argv, { timeoutMs: spec.timeoutMs });
  const noNetns = r.exitCode === 255 && r.stderr.startsWith('Cannot open network namespace');
  if (r.exitCode === undefined || noNetns)
    throw new NetlinkError({
      op: 'execIn',
      argv,
      netns: spec.netns,
      errno: failureErrno(r),
      stderr: r.stderr || (r.code ?? ''),
      exitCode: r.exitCode,
    });
  return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running `ip [-n NS] ARGS…` whose stdout lines the caller reads; killed by the signal. */
export function streamIp(call: {
  netns?: string | undefined;
  args: readonly string[];
  signal: AbortSignal;
}) {
  const argv = [IP, ...netnsArgs(call.netns), ...call.args];
  const child = execa(IP, argv.slice(1), {
    reject: false,
    cancelSignal: call.signal,
    stdin: 'ignore',
    buffer: false,
  });
  return { argv, child };
}

/** Starts `ip [-n NS] ARGS…` for a conversation over pipes (batch sessions); the caller ends it. */
export function startIp(call: { netns?: string | undefined; args: readonly string[] }) {
  const argv = [IP, ...netnsArgs(call.netns), ...call.args];
  const child = execa(IP, argv.slice(1), {
    reject: false,
    buffer: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  return { argv, child };
}

/**
 * Starts `sh -c SCRIPT` for a conversation over pipes. SCRIPT must be a
 * constant of this package: callers' values reach it only as stdin data that
 * it reads with `read -r` and expands inside double quotes, never as code.
 */
export function startFixedScript(script: string) {
  const argv = ['sh', '-c', script];
  const child = execa('sh', argv.slice(1), {
    reject: false,
    buffer: false,
    stdin: 'pipe',
    stdout: 'pipe',
    stderr: 'pipe',
  });
  return { argv, child };
}

// A LabHost: one guest as seen from the machine's root namespace, through the
// relay's unix sockets.
import type { HostPlan } from './config.js';
import { request } from './exec-client.js';
import { GuestCallError, execResponseSchema, valueResponseSchema } from './protocol.js';
import type { ExecOptions, ExecResult, LabHost } from './types.js';

const DEFAULT_EXEC_TIMEOUT_MS = 60_000;
// Headroom over the guest-side timeout for the round trip itself.
const TRANSPORT_MARGIN_MS = 10_000;

async function execIn(host: HostPlan, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  if (argv.length === 0) throw new Error('exec: argv needs at least the program to run');
  const timeoutMs = opts.timeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
  const answer = await request(
    host.execSocket,
    { type: 'exec', argv, timeoutMs, input: opts.input },
    timeoutMs + TRANSPORT_MARGIN_MS,
  );
  const parsed = execResponseSchema.safeParse(answer);
  if (!parsed.success) throw new Error(`${host.name}: exec answered ${JSON.stringify(answer)}`);
  const { id: _id, ...result } = parsed.data;
  return result;
}

async function callIn<T>(
  host: HostPlan,
  modulePath: string,
  fn: string,
  args: unknown[],
): Promise<T> {
  const answer = await request(
    host.execSocket,
    { type: 'call', module: modulePath, fn, args },
    DEFAULT_EXEC_TIMEOUT_MS * 5,
  );
  const parsed = valueResponseSchema.safeParse(answer);
  if (!parsed.success) throw new Error(`${host.name}: call answered ${JSON.stringify(answer)}`);
  if (!parsed.data.ok) throw new GuestCallError(parsed.data.error);
  return parsed.data.value as T;
}

export function makeLabHost(host: HostPlan): LabHost {
  return {
    name: host.name,
    index: host.index,
    mgmtAddress: host.mgmtAddress,
    agentSocket: host.agentSocket,
    execSocket: host.execSocket,
    stateDir: host.stateDir,
    exec: (argv, opts) => execIn(host, argv, opts),
    call: <T = unknown>(modulePath: string, fn: string, ...args: unknown[]) =>
      callIn<T>(host, modulePath, fn, args),
  };
}

import { createTRPCUntypedClient, createWSClient, isTRPCClientError, wsLink } from '@trpc/client';
import { stat } from 'node:fs/promises';
import WebSocket from 'ws';
import { CliError } from './cli-error';
import { type AgentTarget, describeToken } from './target';

// The thinnest client the CLI needs: query and mutate by procedure path.
// tRPC's ws client queues calls and reconnects forever while the agent is
// unreachable, which suits the dashboard; a CLI must fail at once and say why,
// so every call races the connection's first error or close.

/** What the commands call: procedures by path (`networks.list`), results untyped until validated by the formatter. */
export interface AgentApi {
  query(path: string, input?: unknown): Promise<unknown>;
  mutate(path: string, input?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

const OPEN_TIMEOUT_MS = 10_000;

// Node 20 has no global WebSocket: tRPC takes the `ws` class in its place.
type WsOptions = Parameters<typeof createWSClient>[0];

/** Opens a connection to the agent with the token in connectionParams. */
export function connectAgent(target: AgentTarget, token: string): AgentApi {
  let opened = false;
  let failure: CliError | undefined;
  let reject: (error: CliError) => void = () => {};
  const broken = new Promise<never>((_, rejectBroken) => (reject = rejectBroken));
  broken.catch(() => {}); // observed only by racing calls
  let fail = (error: CliError): void => {
    failure ??= error;
    reject(failure);
  };
  const timer = setTimeout(() => fail(unreachable(target, `no answer within ${OPEN_TIMEOUT_MS / 1000} s.`)), OPEN_TIMEOUT_MS);
  const ws = createWSClient({
    url: target.url,
    WebSocket: WebSocket as unknown as WsOptions['WebSocket'],
    connectionParams: { token },
    retryDelayMs: () => OPEN_TIMEOUT_MS,
    onOpen: () => {
      opened = true;
      clearTimeout(timer);
    },
    onError: (event) => fail(unreachable(target, reason(target, event))),
    onClose: () => fail(opened ? refused(target) : unreachable(target, 'the connection was closed.')),
  });
  const client = createTRPCUntypedClient({ links: [wsLink({ client: ws })] });
  // A call cut off by the close gets tRPC's bare "WebSocket closed"; the
  // close handler runs right after it and knows the reason, so prefer that.
  const call = async (run: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await Promise.race([run(), broken]);
    } catch (error) {
      if (isTRPCClientError(error) && error.shape === undefined) throw failure ?? unreachable(target, error.message);
      throw error;
    }
  };
  return {
    query: (path, input) => call(() => client.query(path, input)),
    mutate: (path, input) => call(() => client.mutation(path, input)),
    close: async () => {
      clearTimeout(timer);
      fail = () => {};
      await ws.close();
    },
  };
}

function reason(target: AgentTarget, event: unknown): string {
  const error = (event as { error?: NodeJS.ErrnoException } | undefined)?.error;
  switch (error?.code) {
    case 'ENOENT':
      return `the socket ${target.address} does not exist. Is the agent running? Start it with "underlay agent", or point -H/UNDERLAY_HOST at its socket.`;
    case 'ECONNREFUSED':
      return 'connection refused. Is the agent running and listening there?';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied on the socket (it is mode 0600, for root): run as root (sudo).';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the host name does not resolve. Check -H/UNDERLAY_HOST.';
    default:
      return `${error?.message ?? (event as { message?: string } | undefined)?.message ?? 'connection failed'}. Is the agent running?`;
  }
}

/** Fails early, before the token is read, when a socket target does not exist or is not a socket. */
export async function checkSocket(target: AgentTarget): Promise<void> {
  if (target.kind !== 'socket') return;
  const found = await stat(target.address).catch((error: NodeJS.ErrnoException) => error);
  if (found instanceof Error) {
    if (found.code === 'ENOENT') throw unreachable(target, reason(target, { error: found }));
    return; // EACCES on a parent directory and the like: the connect names it
  }
  if (!found.isSocket()) throw unreachable(target, `${target.address} is not a socket. Point -H/UNDERLAY_HOST at the agent's socket.`);
}

const unreachable = (target: AgentTarget, why: string): CliError =>
  new CliError(`Cannot connect to the underlay agent at ${target.display}: ${why}`);

// The agent checks the token after the WebSocket opens and closes the
// connection when it is wrong, so a close after open is almost always that.
const refused = (target: AgentTarget): CliError =>
  new CliError(`The underlay agent at ${target.display} closed the connection: it refuses a missing or wrong token. Check ${describeToken(target.token)} (set UNDERLAY_TOKEN_FILE or UNDERLAY_TOKEN).`);

import { isTRPCClientError } from '@trpc/client';
import { createAgentHttpClient } from '../connection/http-client';
import type { ProcedureOutput, ProcedurePath } from '../router/types';
import type { AgentApi } from './agent-api';
import { refusedToken, reason, unreachable } from './connect-errors';
import type { AgentTarget } from './target';

// The CLI's client of an agent. A one-shot query or mutation is one HTTP
// request over the agent's socket (or ws:// → http://, wss:// → https://):
// no WebSocket upgrade before it and no close handshake after, which were a
// good part of each command's time (docs/perf.md, operations end to end).
// Only a stream (`events`) opens a WebSocket, when it starts (ws-client.ts).

export type { AgentApi } from './agent-api';
export { checkSocket } from './connect-errors';

const CONNECT_TIMEOUT_MS = 10_000;

/** The CLI's error for a failed HTTP call: unreachable, token refused, or the agent's own error as it came. */
function callError(target: AgentTarget, error: unknown): unknown {
  if (!isTRPCClientError(error)) return error;
  if (error.shape === undefined) {
    // No tRPC answer: the request itself failed (errno), or the answer was not tRPC's.
    const cause = error.cause ?? error;
    const errno = (cause as NodeJS.ErrnoException).code;
    return unreachable(target, errno ? reason(target, { error: cause }) : `${cause.message}.`);
  }
  if (error.data?.code === 'UNAUTHORIZED') return refusedToken(target);
  return error;
}

/** Runs `call`, turning its failure into the CLI's error. */
async function httpCall<P extends ProcedurePath>(
  target: AgentTarget,
  call: () => Promise<unknown>,
): Promise<ProcedureOutput<P>> {
  try {
    // The one place the answers' types are asserted: the agent validates each
    // with its .output() schema before sending, and the path picks the type.
    return (await call()) as ProcedureOutput<P>;
  } catch (error) {
    throw callError(target, error);
  }
}

/** The agent at `target`, reached with `token` (and `tlsCa`, PEM, for https/wss). */
export function connectAgent(target: AgentTarget, token: string, tlsCa?: string): AgentApi {
  const client = createAgentHttpClient(
    { address: target.address, token, tlsCa },
    { connectTimeoutMs: CONNECT_TIMEOUT_MS },
  );
  let stream: Promise<AgentApi> | undefined;
  const streams = (): Promise<AgentApi> =>
    (stream ??= import('./ws-client').then(({ connectAgentWs }) =>
      connectAgentWs(target, token, tlsCa),
    ));
  return {
    query: (path, input) => httpCall(target, () => client.query(path, input)),
    mutate: (path, input) => httpCall(target, () => client.mutation(path, input)),
    subscribe: async (path, input, onData, signal) =>
      (await streams()).subscribe(path, input, onData, signal),
    close: async () => {
      if (stream) await (await stream).close();
    },
  };
}

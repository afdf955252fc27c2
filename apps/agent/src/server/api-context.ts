import { TRPCError } from '@trpc/server';
import type { Logger } from 'pino';
import type { AgentMetrics } from '../metrics';
import type { AgentServices } from '../services';
import { tokenMatches } from '../transport/token';

// What the two API endpoints (tRPC over HTTP, http-trpc.ts, and over
// WebSocket, ws-server.ts) share: a caller is refused before any procedure
// runs unless its token matches, counted as a client while its response or
// socket is open, and a procedure that fails inside is logged.

/** The agent's side of either endpoint. */
export interface ApiOpts {
  token: string;
  services: AgentServices;
  log: Logger;
  metrics: AgentMetrics;
}

/** How an endpoint refuses a caller: its log line, the error's message, and what it does first (a close). */
export interface Refusal {
  log: string;
  message: string;
  before?: () => void;
}

/** The context of a caller whose `given` token matches; otherwise logged and UNAUTHORIZED. */
export function apiContext(
  opts: ApiOpts,
  given: unknown,
  res: { once(event: 'close', listener: () => void): unknown },
  refusal: Refusal,
): { services: AgentServices } {
  if (!tokenMatches(opts.token, given)) {
    opts.log.warn(refusal.log);
    refusal.before?.();
    throw new TRPCError({ code: 'UNAUTHORIZED', message: refusal.message });
  }
  opts.metrics.clients.inc();
  res.once('close', () => opts.metrics.clients.dec());
  return { services: opts.services };
}

/** Logs a procedure that failed inside (the caller's own errors are answered, not logged). */
export function logInternalError(
  log: Logger,
): (failure: { error: TRPCError; path: string | undefined }) => void {
  return ({ error, path }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR')
      log.error({ path, err: error.cause ?? error }, 'procedure failed');
  };
}

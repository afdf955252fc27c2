import { TRPCError } from '@trpc/server';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Logger } from 'pino';
import { MAX_MESSAGE_BYTES, TRPC_HTTP_PATH, bearerToken } from '../connection/http-path';
import type { AgentMetrics } from '../metrics';
import { appRouter } from '../router/root';
import type { AgentServices } from '../services';
import { tokenMatches } from '../transport/token';
import type { PlainHandler } from './http-servers';

// tRPC over plain HTTP on the API listeners, for one-shot calls: a CLI query
// or mutation is one request and one answer, with no WebSocket upgrade before
// it and no close handshake after (docs/perf.md, operations end to end). The
// same router, error formatter and token as the WebSocket endpoint: the token
// comes in `authorization: Bearer …`, and a wrong one is refused before any
// procedure runs (UNAUTHORIZED, HTTP 401). Subscriptions stay on WebSocket.

/** Serves `/trpc/*` on a listener's plain requests; other paths are left to the next handler. */
export function trpcHttpHandler(opts: {
  token: string;
  services: AgentServices;
  log: Logger;
  metrics: AgentMetrics;
}): PlainHandler {
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_HTTP_PATH}/`,
    maxBodySize: MAX_MESSAGE_BYTES,
    // The CLI sends queries as POST too: their inputs stay out of the URL.
    allowMethodOverride: true,
    createContext({ req, res }) {
      if (!tokenMatches(opts.token, bearerToken(req.headers.authorization))) {
        opts.log.warn('refused a request without a valid token');
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: 'a valid token is required in the authorization header (Bearer)',
        });
      }
      opts.metrics.clients.inc();
      res.once('close', () => opts.metrics.clients.dec());
      return { services: opts.services };
    },
    onError({ error, path }) {
      if (error.code === 'INTERNAL_SERVER_ERROR')
        opts.log.error({ path, err: error.cause ?? error }, 'procedure failed');
    },
  });
  return (req, res) => {
    if (!req.url?.startsWith(`${TRPC_HTTP_PATH}/`)) return false;
    handler(req, res);
    return true;
  };
}

import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { MAX_MESSAGE_BYTES, TRPC_HTTP_PATH, bearerToken } from '../connection/http-path';
import { appRouter } from '../router/root';
import { apiContext, logInternalError, type ApiOpts } from './api-context';
import type { PlainHandler } from './http-servers';

// tRPC over plain HTTP on the API listeners, for one-shot calls: a CLI query
// or mutation is one request and one answer, with no WebSocket upgrade before
// it and no close handshake after (docs/perf.md, operations end to end). The
// same router, error formatter and token as the WebSocket endpoint: the token
// comes in `authorization: Bearer …`, and a wrong one is refused before any
// procedure runs (UNAUTHORIZED, HTTP 401). Subscriptions stay on WebSocket.

/** Serves `/trpc/*` on a listener's plain requests; other paths are left to the next handler. */
export function trpcHttpHandler(opts: ApiOpts): PlainHandler {
  const handler = createHTTPHandler({
    router: appRouter,
    basePath: `${TRPC_HTTP_PATH}/`,
    maxBodySize: MAX_MESSAGE_BYTES,
    // The CLI sends queries as POST too: their inputs stay out of the URL.
    allowMethodOverride: true,
    createContext: ({ req, res }) =>
      apiContext(opts, bearerToken(req.headers.authorization), res, {
        log: 'refused a request without a valid token',
        message: 'a valid token is required in the authorization header (Bearer)',
      }),
    onError: logInternalError(opts.log),
  });
  return (req, res) => {
    if (!req.url?.startsWith(`${TRPC_HTTP_PATH}/`)) return false;
    handler(req, res);
    return true;
  };
}

import { applyWSSHandler } from '@trpc/server/adapters/ws';
import type { Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../connection/close-codes';
import { MAX_MESSAGE_BYTES } from '../connection/http-path';
import { appRouter } from '../router/root';
import { apiContext, logInternalError, type ApiOpts } from './api-context';

// tRPC over WebSocket on one HTTP server. A connection is authenticated once,
// when its context is made from `connectionParams`, before any procedure runs;
// a wrong or missing token closes it with CloseCode.unauthorized.

/** A WebSocket endpoint and how to stop it. */
export interface WsEndpoint {
  wss: WebSocketServer;
  broadcastReconnect(): void;
}

/** Serves the router on `server`, requiring `token`. */
export function serveTrpc(opts: ApiOpts & { server: Server }): WsEndpoint {
  const wss = new WebSocketServer({ server: opts.server, maxPayload: MAX_MESSAGE_BYTES });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext: ({ info, res }) =>
      apiContext(opts, info.connectionParams?.token, res, {
        log: 'refused a connection without a valid token',
        message: 'a valid token is required in connectionParams.token',
        before: () =>
          res.close(CloseCode.unauthorized, 'a valid token is required in connectionParams'),
      }),
    onError: logInternalError(opts.log),
  });
  return { wss, broadcastReconnect: handler.broadcastReconnectNotification };
}

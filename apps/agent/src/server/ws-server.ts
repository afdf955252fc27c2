import { applyWSSHandler } from '@trpc/server/adapters/ws';
import { TRPCError } from '@trpc/server';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../connection/close-codes';
import { MAX_MESSAGE_BYTES } from '../connection/http-path';
import { appRouter } from '../router/root';
import type { AgentServices } from '../services';
import type { AgentMetrics } from '../metrics';
import { tokenMatches } from '../transport/token';

// tRPC over WebSocket on one HTTP server. A connection is authenticated once,
// when its context is made from `connectionParams`, before any procedure runs;
// a wrong or missing token closes it with CloseCode.unauthorized.

/** A WebSocket endpoint and how to stop it. */
export interface WsEndpoint {
  wss: WebSocketServer;
  broadcastReconnect(): void;
}

/** Serves the router on `server`, requiring `token`. */
export function serveTrpc(opts: {
  server: Server;
  token: string;
  services: AgentServices;
  log: Logger;
  metrics: AgentMetrics;
}): WsEndpoint {
  const wss = new WebSocketServer({ server: opts.server, maxPayload: MAX_MESSAGE_BYTES });
  const handler = applyWSSHandler({
    wss,
    router: appRouter,
    keepAlive: { enabled: true, pingMs: 30_000, pongWaitMs: 5_000 },
    createContext({ info, res }) {
      if (!tokenMatches(opts.token, info.connectionParams?.token)) {
        opts.log.warn('refused a connection without a valid token');
        res.close(CloseCode.unauthorized, 'a valid token is required in connectionParams');
        throw new TRPCError({
          code: 'UNAUTHORIZED',
          message: 'a valid token is required in connectionParams.token',
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
  return { wss, broadcastReconnect: handler.broadcastReconnectNotification };
}

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AgentConfig } from '../env';
import { splitHostPort } from '../env';
import type { AgentMetrics } from '../metrics';
import { listen, listenUnix } from '../transport/listen';

// The listeners: the unix socket always, TCP (with TLS when given) only when
// asked, and the metrics listener only when asked. Plain requests go to tRPC's
// HTTP endpoint (`/trpc/…`, one-shot calls) and, on the unix socket, to the
// CNI endpoint; anything else gets 426 (connect with a WebSocket).

const upgradeOnly = (_req: unknown, res: ServerResponse) => {
  res
    .writeHead(426, { 'content-type': 'text/plain' })
    .end('underlay agent: connect with a WebSocket (tRPC), or POST/GET /trpc/<procedure>\n');
};

/** A plain-HTTP handler: true when it answered the request. */
export type PlainHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** The plain-request handlers: `api` on every listener, `unixOnly` (the CNI endpoint) on the unix socket first. */
export interface ApiHandlers {
  api: PlainHandler;
  unixOnly?: PlainHandler;
}

/** Serves a plain request with the first handler that takes it, else 426. */
const dispatch =
  (handlers: (PlainHandler | undefined)[]) => (req: IncomingMessage, res: ServerResponse) => {
    if (!handlers.some((handler) => handler?.(req, res))) upgradeOnly(req, res);
  };

/** Starts the API listeners with `handlers` answering their plain requests. */
export async function startApiServers(
  config: AgentConfig,
  handlers: ApiHandlers,
): Promise<Server[]> {
  const unix = createServer(dispatch([handlers.unixOnly, handlers.api]));
  await listenUnix(unix, config.socket);
  const servers: Server[] = [unix];
  if (config.listen) {
    const tcpHandler = dispatch([handlers.api]);
    const tcp =
      config.tlsCert && config.tlsKey
        ? createTlsServer(
            { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) },
            tcpHandler,
          )
        : createServer(tcpHandler);
    await listen(tcp, splitHostPort(config.listen));
    servers.push(tcp);
  }
  return servers;
}

/** Starts the opt-in /metrics and /healthz listener. */
export async function startMetricsServer(
  config: AgentConfig,
  metrics: AgentMetrics,
  healthy: () => boolean,
): Promise<Server | undefined> {
  if (!config.metricsListen) return undefined;
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      const ok = healthy();
      res
        .writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' })
        .end(ok ? 'ok\n' : 'shutting down\n');
      return;
    }
    if (req.url === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: Error) => res.writeHead(500).end(err.message),
      );
      return;
    }
    res.writeHead(404).end('not found: try /metrics or /healthz\n');
  });
  await listen(server, splitHostPort(config.metricsListen));
  return server;
}

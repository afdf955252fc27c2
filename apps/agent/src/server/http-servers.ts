import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AgentConfig } from '../env';
import { splitHostPort } from '../env';
import type { AgentMetrics } from '../metrics';
import { listen, listenUnix } from '../transport/listen';

// The listeners: the unix socket always, TCP (with TLS when given) only when
// asked, and the metrics listener only when asked. Plain requests to the API
// listeners get 426: they speak WebSocket only.

const upgradeOnly = (_req: unknown, res: ServerResponse) => {
  res
    .writeHead(426, { 'content-type': 'text/plain' })
    .end('underlay agent: connect with a WebSocket (tRPC)\n');
};

/** A plain-HTTP handler for the unix socket (the CNI endpoint): true when it answered the request. */
export type PlainHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** Starts the API listeners; `plain` answers plain requests on the unix socket first. */
export async function startApiServers(
  config: AgentConfig,
  plain?: PlainHandler,
): Promise<Server[]> {
  const unix = createServer((req, res) => {
    if (!plain?.(req, res)) upgradeOnly(req, res);
  });
  await listenUnix(unix, config.socket);
  const servers: Server[] = [unix];
  if (config.listen) {
    const tcp =
      config.tlsCert && config.tlsKey
        ? createTlsServer(
            { cert: readFileSync(config.tlsCert), key: readFileSync(config.tlsKey) },
            upgradeOnly,
          )
        : createServer(upgradeOnly);
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

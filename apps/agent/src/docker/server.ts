import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { rmSync } from 'node:fs';
import type { ServiceDeps } from '../service/deps';
import { splitHostPort } from '../env';
import { closeServer, listen, listenUnix } from '../transport/listen';
import { errorField, ROUTES } from './routes';

// The Docker plugin listener: plain HTTP on its own unix socket (dockerd
// finds it at /run/docker/plugins/underlay.sock and speaks no WebSocket and
// no token). Root-only like Docker's own socket. Served by the agent itself:
// it is the single writer and already running, so a plugin call costs no
// process start and shares the operation queue with the CLI and dashboard.

const MAX_BODY = 1 << 20;
const CONTENT_TYPE = 'application/vnd.docker.plugins.v1.2+json';

/** Answers one plugin request. */
export async function answer(
  deps: ServiceDeps,
  path: string,
  text: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const handler = ROUTES[path];
  if (!handler)
    return {
      status: 404,
      body: {
        Err: `${path}: not a method of underlay's plugin (NetworkDriver and IpamDriver, API 1.2)`,
      },
    };
  let parsed: unknown;
  try {
    parsed = text.trim() ? JSON.parse(text) : undefined;
  } catch (err) {
    return {
      status: 200,
      body: {
        [errorField(path)]:
          `request: the body is not JSON (${(err as Error).message}): send the JSON object dockerd sends`,
      },
    };
  }
  try {
    return { status: 200, body: ((await handler(deps, parsed)) ?? {}) as Record<string, unknown> };
  } catch (err) {
    deps.log.warn({ path, err: (err as Error).message }, 'docker plugin: request refused');
    return { status: 200, body: { [errorField(path)]: (err as Error).message } };
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) req.destroy(new Error('request body over 1 MiB'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the plugin listener on a unix socket `where` (0600) or on HOST:PORT; logs the first body of each method once, as dockerd sent it. */
export async function startDockerPlugin(deps: ServiceDeps, where: string): Promise<Server> {
  const seen = new Set<string>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    readBody(req)
      .then(async (text) => {
        if (!seen.has(url)) {
          seen.add(url);
          deps.log.info({ path: url, body: text }, 'docker plugin: first request of this method');
        }
        const { status, body } =
          req.method === 'POST'
            ? await answer(deps, url, text)
            : { status: 405, body: { Err: 'plugin methods are POST requests' } };
        res.writeHead(status, { 'content-type': CONTENT_TYPE }).end(JSON.stringify(body));
      })
      .catch((err: Error) => {
        res
          .writeHead(400, { 'content-type': CONTENT_TYPE })
          .end(JSON.stringify({ Err: err.message }));
      });
  });
  // Never close an idle connection first. Seen once in the lab: a
  // ProgramExternalConnectivity with an empty body. Likely (not proven):
  // Node closes idle sockets after 5 s, dockerd's Go client reuses them, and
  // its retry after a write that raced the close resends a consumed body.
  // Go closes its idle connections itself after 90 s.
  server.keepAliveTimeout = 0;
  if (where.startsWith('/')) await listenUnix(server, where);
  else await listen(server, splitHostPort(where));
  return server;
}

/** Stops the plugin listener and removes its socket. */
export async function stopDockerPlugin(server: Server, where: string): Promise<void> {
  const closed = closeServer(server);
  server.closeAllConnections(); // dockerd keeps its connections alive
  await closed;
  if (where.startsWith('/')) rmSync(where, { force: true });
}

import { rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { TRPC_HTTP_PATH } from '../connection/http-path';
import type { PlainHandler } from './http-servers';

// The first CLI call after a start also paid for the API's own first request: node's HTTP server parser and
// response, tRPC's HTTP adapter (request, batch, body, response), the token check (docs/perf.md, operations end to
// end). Before the agent listens, it serves one `network ls` (a query of its records: no kernel read or change) to
// itself through the same handler on a private unix socket beside its own, then closes it. Done after listening,
// that first request's compile blocked the event loop just when the first real call could arrive.

/** One request to `socket`; resolves when answered or failed (never throws). */
function ask(socket: string, token: string): Promise<void> {
  const body = '{}';
  return new Promise((resolve) => {
    const req = request(
      {
        socketPath: socket,
        path: `${TRPC_HTTP_PATH}/networks.list?batch=1`,
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', () => resolve());
      },
    );
    req.on('error', () => resolve());
    req.end(body);
  });
}

/** Serves one `network ls` through `api` on a private socket beside `socket`; never throws. */
export async function warmUpApi(api: PlainHandler, socket: string, token: string): Promise<void> {
  const path = `${socket}.warm-up`;
  rmSync(path, { force: true });
  const server = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(404).end();
  });
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(path, () => resolve(true));
  });
  if (listening) await ask(path, token);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(path, { force: true });
}

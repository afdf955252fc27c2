import { request } from 'node:http';
import { TRPC_HTTP_PATH } from '../connection/http-path';

// The first CLI call after a start also paid for the API's own first request: node's HTTP server parser and
// response, tRPC's HTTP adapter (request, batch, body, response), the token check (docs/perf.md, operations end to
// end). Once listening, the agent asks itself for `network ls` over its unix socket, as the CLI would: a query of
// its records that neither reads nor changes the kernel (a kernel read would hold the batch runner the first real
// call may be waiting for).

/** One query to the agent's own API over `socket`; resolves when answered or failed (never throws). */
export function warmUpApi(socket: string, token: string): Promise<void> {
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

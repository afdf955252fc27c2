import { request } from 'node:http';

// A plain HTTP client for the plugin socket, as dockerd is one: POST, JSON body.

/** POSTs `body` (an object, or raw text for malformed input) to `path` on the unix socket. */
export function post(
  socket: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        socketPath: socket,
        path,
        method: 'POST',
        agent: false, // a fresh connection each time: the agent restarts in some tests
        headers: {
          accept: 'application/vnd.docker.plugins.v1.2+json',
          'content-length': Buffer.byteLength(text),
        },
      },
      (res) => {
        let data = '';
        res.on('data', (c: Buffer) => (data += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            json: JSON.parse(data) as Record<string, unknown>,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

// A fetch-style handler on a plain node:http server: the hub's unix socket
// (relayed to the lab's guests) and the tests' real servers use it. Node 20
// has no built-in adapter, and this one is the few lines the handler needs:
// method, path, headers and a whole (small) body.

/** A node:http server answering with `handler`; listen on it as usual. */
export function serveFetchHandler(handler: (req: Request) => Promise<Response>): Server {
  // Agents call rarely (a claim, a renewal every few minutes): idle kept-alive
  // connections last a minute rather than Node's 5 s, so the client (which
  // drops them 1 s before the Keep-Alive hint) rarely meets a closed one.
  const server = createServer((incoming, outgoing) => {
    void answer(handler, incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(error instanceof Error ? error.message : String(error));
    });
  });
  server.keepAliveTimeout = 65_000;
  return server;
}

async function answer(
  handler: (req: Request) => Promise<Response>,
  incoming: IncomingMessage,
  outgoing: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers))
    if (typeof value === 'string') headers.set(name, value);
  const method = incoming.method ?? 'GET';
  const request = new Request(`http://hub${incoming.url ?? '/'}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body: Buffer.concat(chunks) }),
  });
  const response = await handler(request);
  outgoing.writeHead(response.status, Object.fromEntries(response.headers));
  outgoing.end(Buffer.from(await response.arrayBuffer()));
}

import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Logger } from 'pino';
import { createAgentHttpClient } from '../connection/http-client';
import type { ProcedureInput, ProcedureOutput, ProcedurePath } from '../router/types';
import type { PlainHandler } from './http-servers';

// The first CLI call after a start also paid for the API's own first request: node's HTTP server parser and
// response, tRPC's HTTP adapter (request, batch, response), the token check, and the first read and parse of a
// request body, which tRPC does only for a procedure that declares an input (docs/perf.md, operations end to end).
// So before the agent listens, its warm-ups send their calls as the CLI does: through the CLI's own HTTP client, to
// the API's handler served on a private unix socket beside the agent's, closed and removed after. Done after
// listening, those first requests' compiles blocked the event loop just when the first real call could arrive.

/** One call through the API, as the CLI makes it: typed by the router, sent as JSON over HTTP. */
export interface ApiCalls {
  query<P extends ProcedurePath>(path: P, input?: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
  mutate<P extends ProcedurePath>(path: P, input: ProcedureInput<P>): Promise<ProcedureOutput<P>>;
}

/** The private socket beside the agent's `socket`. */
export const privateSocket = (socket: string): string => `${socket}.warm-up`;

/** Serves `api` (checking `token`) on the private socket beside `socket` while `use` calls it; then removes it. */
export async function throughApi<T>(
  api: PlainHandler,
  socket: string,
  token: string,
  use: (calls: ApiCalls) => Promise<T>,
): Promise<T> {
  const path = privateSocket(socket);
  rmSync(path, { force: true });
  const server = createServer((req, res) => {
    if (!api(req, res)) res.writeHead(404).end();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => resolve());
    });
    const client = createAgentHttpClient({ address: path, token });
    return await use({
      query: async (path, input) =>
        (await client.query(path, input)) as ProcedureOutput<typeof path>,
      mutate: async (path, input) =>
        (await client.mutation(path, input)) as ProcedureOutput<typeof path>,
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(path, { force: true });
  }
}

// Six times, for the reason the rehearsal runs three rounds (warm-up-rehearsal.ts): code a call runs is optimised
// once it has run often enough, and that should happen before the agent listens.
const LIST_CALLS = 6;

/** Serves `network ls` (a query of the agent's records: no kernel read or change) through `api`; never throws. */
export async function warmUpApi(
  api: PlainHandler,
  socket: string,
  token: string,
  log: Logger,
): Promise<void> {
  try {
    await throughApi(api, socket, token, async (calls) => {
      for (let i = 0; i < LIST_CALLS; i++) await calls.query('networks.list');
    });
  } catch (err) {
    // Only a head start: the first real request compiles what this could not.
    log.warn({ err: (err as Error).message }, 'warm-up of the API stopped early');
  }
}

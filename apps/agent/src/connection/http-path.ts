// Where the agent serves tRPC over plain HTTP (one-shot queries and
// mutations: the CLI) beside WebSocket on the same listeners, and how a
// request carries the token. Written here so the server and its clients read
// the same facts; subscriptions stay on WebSocket.

/** The path prefix of tRPC's HTTP endpoint: `/trpc/<procedure path>`. */
export const TRPC_HTTP_PATH = '/trpc';

/** The largest request body or WebSocket message the agent accepts (ws's default, for both transports). */
export const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;

/** The `authorization` header value that carries `token`. */
export const bearer = (token: string): string => `Bearer ${token}`;

/** The token in an `authorization: Bearer …` header, if there is one. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer (.+)$/.exec(header);
  return match?.[1];
}

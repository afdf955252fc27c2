import { createTRPCClient, wsLink, type TRPCClient } from '@trpc/client';
import { createAgentWsClient } from './connection';
import type { AppRouter } from './router/root';

// The typed client of an agent, for tests and the lab. The URL, token and TLS
// facts are the connection module's; this client keeps tRPC's default policy
// (queue calls, reconnect) unless the caller passes its own.

/** Where and how to reach an agent. */
export interface AgentClientOptions {
  /** A unix socket path (`/run/underlay/agent.sock`) or a `ws://` / `wss://` URL. */
  host: string;
  token: string;
  /** PEM of the CA that signed a wss:// agent's certificate. */
  tlsCa?: string;
  /** Called when the agent closes the connection (CloseCode.unauthorized: the token was refused). */
  onClose?: (cause?: { code?: number }) => void;
  /** Reconnect delay; default: tRPC's exponential backoff. */
  retryDelayMs?: (attempt: number) => number;
}

/** A typed tRPC client plus `close()` to drop the connection. */
export type AgentClient = TRPCClient<AppRouter> & { close(): Promise<void> };

/** Connects to an agent. */
export function createAgentClient(opts: AgentClientOptions): AgentClient {
  const wsClient = createAgentWsClient(
    { address: opts.host, token: opts.token, tlsCa: opts.tlsCa },
    {
      ...(opts.onClose ? { onClose: opts.onClose } : {}),
      ...(opts.retryDelayMs ? { retryDelayMs: opts.retryDelayMs } : {}),
    },
  );
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const close = async () => wsClient.close();
  // The tRPC client is a proxy whose properties are procedure paths; `close`
  // is not a noun of the router, so it can sit beside them.
  return new Proxy(client, {
    get: (target, prop, receiver) =>
      prop === 'close' ? close : Reflect.get(target, prop, receiver),
  }) as AgentClient;
}

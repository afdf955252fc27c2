import { createTRPCClient, createWSClient, wsLink, type TRPCClient } from '@trpc/client';
import WebSocket from 'ws';
import type { AppRouter } from './router/root';

// The typed client of an agent, for the CLI, tests and the dashboard's hub.
// Node 20 has no global WebSocket: `ws` supplies it, and also understands
// `ws+unix:///path.sock:/` for the local socket.

/** Where and how to reach an agent. */
export interface AgentClientOptions {
  /** A unix socket path (`/run/underlay/agent.sock`) or a `ws://` / `wss://` URL. */
  host: string;
  token: string;
  /** Called when the agent closes the connection (code 1008: the token was refused). */
  onClose?: (cause?: { code?: number }) => void;
  /** Reconnect delay; default: tRPC's exponential backoff. */
  retryDelayMs?: (attempt: number) => number;
}

/** A typed tRPC client plus `close()` to drop the connection. */
export type AgentClient = TRPCClient<AppRouter> & { close(): Promise<void> };

/** The WebSocket URL of `host`. */
export function agentUrl(host: string): string {
  if (/^wss?:\/\//.test(host) || host.startsWith('ws+unix:')) return host;
  return `ws+unix://${host}:/`;
}

/** Connects to an agent. */
export function createAgentClient(opts: AgentClientOptions): AgentClient {
  const wsClient = createWSClient({
    url: agentUrl(opts.host),
    WebSocket: WebSocket as never, // tRPC types it as the DOM class; ws is API-compatible
    connectionParams: { token: opts.token },
    ...(opts.onClose ? { onClose: opts.onClose } : {}),
    ...(opts.retryDelayMs ? { retryDelayMs: opts.retryDelayMs } : {}),
  });
  const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: wsClient })] });
  const close = async () => wsClient.close();
  // The tRPC client is a proxy whose properties are procedure paths; `close`
  // is not a noun of the router, so it can sit beside them.
  return new Proxy(client, {
    get: (target, prop, receiver) =>
      prop === 'close' ? close : Reflect.get(target, prop, receiver),
  }) as AgentClient;
}

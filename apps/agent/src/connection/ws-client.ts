import { createWSClient } from '@trpc/client';
import { agentUrl } from './address';
import { webSocketClass } from './socket';

// The facts every client of the agent shares (URL, token in connectionParams,
// TLS CA, the ws class); each caller adds its own policy through `options`:
// the CLI fails fast, the hub reconnects with backoff, tests take defaults.

type WsClientOptions = Parameters<typeof createWSClient>[0];

/** Where an agent is and how to authenticate to it. */
export interface AgentEndpoint {
  /** A unix socket path, ws(s):// URL, tcp://HOST:PORT or HOST:PORT. */
  address: string;
  token: string;
  /** PEM of the CA that signed a wss:// agent's certificate. */
  tlsCa?: string | null | undefined;
}

/** The policy a client adds: reconnect delays, laziness, connection hooks. */
export type AgentWsPolicy = Omit<WsClientOptions, 'url' | 'WebSocket' | 'connectionParams'>;

/** tRPC's ws client for an agent, with the caller's policy. */
export function createAgentWsClient(endpoint: AgentEndpoint, policy: AgentWsPolicy = {}) {
  return createWSClient({
    ...policy,
    url: agentUrl(endpoint.address),
    WebSocket: webSocketClass(endpoint.tlsCa),
    connectionParams: { token: endpoint.token },
  });
}

import { createTRPCUntypedClient, httpBatchLink } from '@trpc/client';
import { agentFetch, agentHttpBase, type AgentFetchOptions } from './http-fetch';
import { bearer } from './http-path';
import type { AgentEndpoint } from './ws-client';

// tRPC's HTTP client of an agent, for one-shot queries and mutations (the
// CLI): each call is one POST (inputs in the body, never in a URL that a
// header limit would cut) with the token in `authorization`. Subscriptions
// need the WebSocket client (ws-client.ts).

/** tRPC's untyped client over HTTP for `endpoint`. */
export function createAgentHttpClient(
  endpoint: AgentEndpoint,
  options: Omit<AgentFetchOptions, 'tlsCa'> = {},
) {
  const base = agentHttpBase(endpoint.address);
  return createTRPCUntypedClient({
    links: [
      httpBatchLink({
        url: base.url,
        fetch: agentFetch(base, { ...options, tlsCa: endpoint.tlsCa }),
        methodOverride: 'POST',
        headers: { authorization: bearer(endpoint.token) },
      }),
    ],
  });
}

import type { createWSClient } from '@trpc/client';
import WebSocket from 'ws';

// Node 20 has no global WebSocket: tRPC takes `ws`'s class in its place. ws
// takes TLS options per socket while tRPC constructs the class itself, so a
// custom CA (a self-signed agent behind wss://) is bound into a subclass.

/** The WebSocket class tRPC's `createWSClient` expects. */
export type WebSocketClass = NonNullable<Parameters<typeof createWSClient>[0]['WebSocket']>;

/** `ws`'s class, trusting `tlsCa` (PEM) for wss:// when given. */
export function webSocketClass(tlsCa?: string | null): WebSocketClass {
  if (!tlsCa) return WebSocket as unknown as WebSocketClass;
  const ca = tlsCa;
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { ca });
    }
  } as unknown as WebSocketClass;
}

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

/** The errno code (`ENOENT`, `ECONNREFUSED`…) behind a ws error event, if any. */
export const socketErrno = (event: unknown): string | undefined =>
  (event as { error?: NodeJS.ErrnoException } | undefined)?.error?.code;

/** The message of a ws error event. */
export const socketErrorMessage = (event: unknown): string | undefined =>
  (event as { error?: Error } | undefined)?.error?.message ??
  (event as { message?: string } | undefined)?.message;

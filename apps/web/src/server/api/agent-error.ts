import { isTRPCClientError } from '@trpc/client';
import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { AppRouter } from '@underlay/agent';
import type { WireError } from '@underlay/core';
import { AgentUnavailableError } from '../fleet/agent-link';

// Agents answer with tRPC errors carrying `data.domain`, core's WireError
// (typed by the agent's router); the browser must see the same domain data so
// the form can put the message next to the field. This turns whatever a hub
// call threw into a TRPCError whose cause holds that data (see the formatter
// in trpc.ts), with the message and the host added.

/** What the browser reads: the agent's error payload (core's WireError), its message and the host. */
export type DomainData = Pick<WireError, 'code' | 'path' | 'hint'> & {
  message: string;
  host?: string;
};

/** Error carrying an agent's domain data through to the browser. */
export class AgentCallError extends Error {
  override readonly name = 'AgentCallError';
  constructor(
    message: string,
    readonly domain: DomainData | null,
  ) {
    super(message);
  }
}

const PASSTHROUGH = new Set<TRPC_ERROR_CODE_KEY>([
  'BAD_REQUEST',
  'NOT_FOUND',
  'CONFLICT',
  'PRECONDITION_FAILED',
  'UNPROCESSABLE_CONTENT',
  'TIMEOUT',
]);

/** The TRPCError to throw for a failed call to `host`. */
export function relayAgentError(error: unknown, host: string): TRPCError {
  if (error instanceof AgentUnavailableError) {
    return new TRPCError({
      code: 'SERVICE_UNAVAILABLE',
      message: `${host}: ${error.message}`,
      cause: new AgentCallError(error.message, null),
    });
  }
  const shape = isTRPCClientError<AppRouter>(error) ? error.shape : undefined;
  const message = shape?.message ?? (error instanceof Error ? error.message : String(error));
  const wire = shape?.data.domain;
  const domain: DomainData | null = wire
    ? {
        code: wire.code,
        path: wire.path,
        message,
        ...(wire.hint ? { hint: wire.hint } : {}),
        host,
      }
    : null;
  const code = shape?.data.code;
  return new TRPCError({
    code: code && PASSTHROUGH.has(code) ? code : 'BAD_GATEWAY',
    message: `${host}: ${message}`,
    cause: new AgentCallError(message, domain),
  });
}

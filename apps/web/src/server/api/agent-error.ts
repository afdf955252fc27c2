import { isTRPCClientError, type TRPCClientError } from '@trpc/client';
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
  /** Every issue in core's own words (no host or field prefix), for forms that put each next to its field. */
  issues?: WireError['issues'];
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
  const shape = clientErrorShape(error);
  const message = shape?.message ?? (error instanceof Error ? error.message : String(error));
  const wire = shape?.data.domain;
  const domain: DomainData | null = wire
    ? {
        code: wire.code,
        path: wire.path,
        message,
        ...(wire.hint ? { hint: wire.hint } : {}),
        host,
        issues: wire.issues,
      }
    : null;
  const code = shape?.data.code;
  return new TRPCError({
    code: code && PASSTHROUGH.has(code) ? code : 'BAD_GATEWAY',
    message: `${host}: ${message}`,
    cause: new AgentCallError(message, domain),
  });
}

/**
 * The agent's error shape. The server bundle can hold two copies of
 * @trpc/client (the hub's links and the API route land in different chunks),
 * so `instanceof` alone missed the agent's errors and their field went lost
 * (the form showed "host-a: ipv4Address: --ip …" as one raw line).
 */
function clientErrorShape(error: unknown): TRPCClientError<AppRouter>['shape'] | undefined {
  if (isTRPCClientError<AppRouter>(error)) return error.shape;
  if (error instanceof Error && error.name === 'TRPCClientError')
    return (error as TRPCClientError<AppRouter>).shape;
  return undefined;
}

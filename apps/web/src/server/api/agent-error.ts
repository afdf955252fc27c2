import { TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { AgentUnavailableError } from '../fleet/agent-link';

// Agents answer with tRPC errors carrying `data.domain` ({code, path, message,
// hint}); the browser must see the same domain data so the form can put the
// message next to the field. This turns whatever a hub call threw into a
// TRPCError whose cause holds that data (see the formatter in trpc.ts).

export interface DomainData {
  code: string;
  path: (string | number)[];
  message: string;
  hint?: string;
  host?: string;
}

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
  const shape = (
    error as {
      shape?: { message?: string; data?: { code?: string; domain?: Partial<DomainData> | null } };
    }
  ).shape;
  const message = shape?.message ?? (error instanceof Error ? error.message : String(error));
  const rawDomain = shape?.data?.domain;
  const domain: DomainData | null = rawDomain?.code
    ? {
        code: rawDomain.code,
        path: rawDomain.path ?? [],
        message: rawDomain.message ?? message,
        ...(rawDomain.hint ? { hint: rawDomain.hint } : {}),
        host,
      }
    : null;
  const code = shape?.data?.code as TRPC_ERROR_CODE_KEY | undefined;
  return new TRPCError({
    code: code && PASSTHROUGH.has(code) ? code : 'BAD_GATEWAY',
    message: `${host}: ${message}`,
    cause: new AgentCallError(message, domain),
  });
}

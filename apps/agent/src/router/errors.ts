import { TRPCError } from '@trpc/server';
import { DomainError, type ErrorCode, type Issue, type WireError } from '@underlay/core';

// The one place where failures become tRPC errors (STYLE.md 6). Clients switch
// on `data.domain.code`; the tRPC code only gives the HTTP-ish category.

type TrpcCode = TRPCError['code'];

/** What a client reads in `error.data.domain`: core's wire error payload. */
export type DomainErrorData = WireError;

const CONFLICTS = new Set<ErrorCode>([
  'NETWORK_EXISTS',
  'ENDPOINT_EXISTS',
  'CONTAINER_EXISTS',
  'PARENT_IN_USE',
  'CONTAINER_IN_USE',
  'ADDRESS_IN_USE',
  'NETWORK_HAS_ENDPOINTS',
  'PARENT_MODE_CONFLICT',
  'PARENT_BUSY',
  'SUBNET_OVERLAP',
  'ADDRESS_EXHAUSTED',
  'POOLS_EXHAUSTED',
]);

/** The tRPC category of a domain code. */
export function trpcCodeOf(code: ErrorCode): TrpcCode {
  if (code === 'NOT_FOUND') return 'NOT_FOUND';
  if (CONFLICTS.has(code) || code.endsWith('_EXISTS') || code.endsWith('_IN_USE'))
    return 'CONFLICT';
  if (code.startsWith('KERNEL_') || code === 'ROLLED_BACK') return 'INTERNAL_SERVER_ERROR';
  return 'BAD_REQUEST';
}

interface NetlinkLike {
  name: 'NetlinkError';
  message: string;
  errno: string;
  stderr?: string;
  argv?: readonly string[];
}

const isNetlinkError = (e: unknown): e is NetlinkLike =>
  e instanceof Error &&
  e.name === 'NetlinkError' &&
  typeof (e as { errno?: unknown }).errno === 'string';

interface ZodLike {
  issues: { path: PropertyKey[]; message: string }[];
}

const isZodError = (e: unknown): e is ZodLike =>
  e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);

/** The domain view of any failure, or undefined when it has none (a tRPC error of its own, a bug). */
export function domainDataOf(cause: unknown): DomainErrorData | undefined {
  if (cause instanceof DomainError)
    return { code: cause.code, path: cause.path, hint: cause.hint, issues: cause.issues };
  if (isNetlinkError(cause)) {
    const issue: Issue = {
      code: 'KERNEL_ERROR',
      path: [],
      message: cause.message,
      severity: 'error',
    };
    return { code: 'KERNEL_ERROR', path: [], hint: undefined, issues: [issue], errno: cause.errno };
  }
  if (isZodError(cause)) {
    const issues: Issue[] = cause.issues.map((i) => ({
      code: 'INVALID_INPUT',
      path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
      message: i.message,
      severity: 'error',
    }));
    return {
      code: 'INVALID_INPUT',
      path: issues[0]?.path ?? [],
      hint: 'Check the named field.',
      issues,
    };
  }
  return undefined;
}

/** Turns a domain or kernel failure into a TRPCError with the right category; other errors pass through. */
export function toTrpcError(cause: unknown): TRPCError | undefined {
  const data = domainDataOf(cause);
  if (!data) return undefined;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new TRPCError({ code: trpcCodeOf(data.code), message, cause: cause as Error });
}

/** Message of a zod input error, naming each field (tRPC's default is the raw JSON of the issues). */
export function zodMessage(cause: ZodLike): string {
  return cause.issues
    .map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`)
    .join('\n');
}

export { isZodError };

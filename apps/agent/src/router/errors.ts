import { TRPCError } from '@trpc/server';
import {
  DomainError,
  formatIssue,
  type ErrorCode,
  type Issue,
  type WireError,
} from '@underlay/core';

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

/** The parts of a zod 4 issue the agent reads (zod is not imported: any version's error works). */
interface ZodIssueLike {
  code?: string;
  path: PropertyKey[];
  message: string;
  expected?: unknown;
  keys?: string[];
  values?: unknown[];
  minimum?: unknown;
  maximum?: unknown;
  origin?: string;
  inclusive?: boolean;
  errors?: ZodIssueLike[][];
}

interface ZodLike {
  issues: ZodIssueLike[];
}

const isZodError = (e: unknown): e is ZodLike =>
  e instanceof Error && e.name === 'ZodError' && Array.isArray((e as { issues?: unknown }).issues);

const pathOf = (path: PropertyKey[]): Issue['path'] =>
  path.map((p) => (typeof p === 'number' ? p : String(p)));

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  record: 'an object',
};

/** What the field must be, for a too_small/too_big issue. */
function boundHint(i: ZodIssueLike): string {
  const bound = i.code === 'too_small' ? i.minimum : i.maximum;
  const n = Number(bound);
  const strict = i.inclusive === false;
  const word =
    i.code === 'too_small' ? (strict ? 'more than' : 'at least') : strict ? 'less than' : 'at most';
  if (i.origin === 'string') return `Give ${word} ${n} character${n === 1 ? '' : 's'}.`;
  if (i.origin === 'array') return `Give ${word} ${n} item${n === 1 ? '' : 's'}.`;
  return `Use a number ${word} ${n}.`;
}

/** The literals a union of literals accepts (zod reports each branch's invalid_value). */
function unionValues(i: ZodIssueLike): unknown[] {
  return (i.errors ?? []).flatMap((branch) => branch.flatMap((b) => b.values ?? []));
}

/** The fix for one zod issue, said as what to send. */
function zodHint(i: ZodIssueLike): string {
  if (i.code === 'invalid_type') {
    const want = TYPE_NAMES[String(i.expected)] ?? String(i.expected);
    return i.message.endsWith('received undefined')
      ? `It is required: send ${want}.`
      : `Send ${want}.`;
  }
  if (i.code === 'too_small' || i.code === 'too_big') return boundHint(i);
  if (i.code === 'renamed') return `Rename it to "${String(i.path.at(-1))}".`;
  const values = i.code === 'invalid_union' ? unionValues(i) : i.values;
  if ((i.code === 'invalid_value' || i.code === 'invalid_union') && values?.length)
    return `Use one of: ${values.map((v) => JSON.stringify(v)).join(', ')}.`;
  if (i.code === 'not_multiple_of' || i.code === 'invalid_format') return 'Check its format.';
  return 'See the API schema in packages/core/src/schemas.';
}

const isMissing = (i: ZodIssueLike) =>
  i.code === 'invalid_type' && i.message.endsWith('received undefined');

/**
 * One unknown key beside one missing field of the same object is one mistake (a misspelt or
 * renamed field, e.g. `name` for `network`): one issue naming the field it should be.
 */
function mergeRenamed(issues: ZodIssueLike[]): ZodIssueLike[] {
  const out = [...issues];
  for (const unknown of issues.filter(
    (i) => i.code === 'unrecognized_keys' && i.keys?.length === 1,
  )) {
    const parent = unknown.path.map(String).join('.');
    const missing = issues.filter(
      (i) => isMissing(i) && i.path.slice(0, -1).map(String).join('.') === parent,
    );
    if (missing.length !== 1 || !missing[0]) continue;
    const field = String(missing[0].path.at(-1));
    const merged: ZodIssueLike = {
      ...missing[0],
      code: 'renamed',
      message: `${field} is missing and "${unknown.keys?.[0]}" is not a field here`,
    };
    out.splice(out.indexOf(missing[0]), 1, merged);
    out.splice(out.indexOf(unknown), 1);
  }
  return out;
}

/** Core issues for a zod failure: one per problem, each naming its field (an unknown key is its own field) and the fix. */
export function zodIssues(cause: ZodLike): Issue[] {
  return mergeRenamed(cause.issues).flatMap((i): Issue[] => {
    const path = pathOf(i.path);
    if (i.code === 'unrecognized_keys' && i.keys?.length)
      return i.keys.map((key) => ({
        code: 'INVALID_INPUT',
        path: [...path, key],
        message: `unknown field "${key}".`,
        hint: 'Remove it, or check its spelling.',
        severity: 'error',
      }));
    const message = i.message.replace(/^Invalid input: /, '');
    return [
      { code: 'INVALID_INPUT', path, message: `${message}.`, hint: zodHint(i), severity: 'error' },
    ];
  });
}

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
    const issues = zodIssues(cause);
    return { code: 'INVALID_INPUT', path: issues[0]?.path ?? [], hint: issues[0]?.hint, issues };
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
  return zodIssues(cause)
    .map((i) => (i.path.length ? formatIssue(i) : `input: ${formatIssue(i)}`))
    .join('\n');
}

export { isZodError };

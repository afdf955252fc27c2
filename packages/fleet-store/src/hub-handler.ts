import {
  StoreGetBodySchema,
  StoreLeaseBodySchema,
  StoreLeaseGrantBodySchema,
  StoreListBodySchema,
  StoreTxnBodySchema,
  type StoreErrorAnswer,
  type StoreOperation,
} from '@underlay/core';
import type { z } from 'zod';
import { type FleetStore, FleetStoreError } from './store';

// The hub's fleet store endpoint as a fetch-style handler, so the same code
// runs under a Next route handler (the dashboard's port) and a plain
// node:http server (the hub's unix socket that the lab relays to guests, and
// the tests). POST /api/fleet-store/v1/<op> with a JSON body and a bearer
// token; every body is checked before the store is touched.

/** The URL prefix of every operation. */
export const HUB_STORE_PATH = '/api/fleet-store/v1/';

/** Largest request body accepted (a transaction of 128 block records fits many times over). */
const MAX_BODY_BYTES = 1 << 20;

export interface HubStoreHandlerOptions {
  store: FleetStore;
  /** The host a bearer token belongs to, or null (unknown, revoked). */
  authenticate(token: string): string | null;
}

type Operation = (store: FleetStore, body: unknown) => Promise<unknown>;

const parsed = <S extends z.ZodType>(schema: S, body: unknown): z.infer<S> => {
  const result = schema.safeParse(body);
  if (!result.success) throw new BadRequest(describeIssues(result.error));
  return result.data;
};

const OPERATIONS: Record<StoreOperation, Operation> = {
  get: async (store, body) => ({ kv: await store.get(parsed(StoreGetBodySchema, body).key) }),
  list: (store, body) => store.list(parsed(StoreListBodySchema, body).prefix),
  txn: (store, body) => store.txn(parsed(StoreTxnBodySchema, body)),
  'lease/grant': async (store, body) => ({
    lease: await store.grantLease(parsed(StoreLeaseGrantBodySchema, body).ttlSeconds),
  }),
  'lease/keepalive': async (store, body) => ({
    alive: await store.keepAlive(parsed(StoreLeaseBodySchema, body).lease),
  }),
  'lease/revoke': async (store, body) => {
    await store.revokeLease(parsed(StoreLeaseBodySchema, body).lease);
    return {};
  },
};

/** `(req) => Response` serving the FleetStore operations to the hosts `authenticate` knows. */
export function createHubStoreHandler({
  store,
  authenticate,
}: HubStoreHandlerOptions): (req: Request) => Promise<Response> {
  return async (req) => {
    const op = new URL(req.url).pathname.slice(HUB_STORE_PATH.length) as StoreOperation;
    if (!new URL(req.url).pathname.startsWith(HUB_STORE_PATH) || !Object.hasOwn(OPERATIONS, op))
      return failure(
        404,
        'NOT_FOUND',
        `no fleet store operation at ${new URL(req.url).pathname}; use POST ${HUB_STORE_PATH}{${Object.keys(OPERATIONS).join(',')}}`,
      );
    if (req.method !== 'POST')
      return failure(405, 'BAD_REQUEST', `${op}: use POST with a JSON body`);
    const token = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
    if (!token || authenticate(token) === null)
      return failure(
        401,
        'UNAUTHORIZED',
        'missing or unknown bearer token: the hub gives each registered host its token when it links to the agent; re-register the host if it was removed',
      );
    try {
      const body = await readJson(req);
      return Response.json(await OPERATIONS[op](store, body));
    } catch (error) {
      return answerError(op, error);
    }
  };
}

async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES)
    throw new BadRequest(`body: must be at most ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest('body: must be JSON (Content-Type: application/json)');
  }
}

function answerError(op: string, error: unknown): Response {
  if (error instanceof BadRequest) return failure(400, 'BAD_REQUEST', `${op}: ${error.message}`);
  if (error instanceof FleetStoreError && error.code === 'LEASE_NOT_FOUND')
    return failure(409, 'LEASE_NOT_FOUND', error.message);
  console.error(`fleet store ${op}:`, error);
  return failure(
    500,
    'INTERNAL',
    `${op}: the hub's store failed (${error instanceof Error ? error.message : String(error)})`,
  );
}

function failure(
  status: number,
  code: StoreErrorAnswer['error']['code'],
  message: string,
): Response {
  const answer: StoreErrorAnswer = { error: { code, message } };
  return Response.json(answer, { status });
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
}

class BadRequest extends Error {}

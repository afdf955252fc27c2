import { z } from 'zod';

// The hub's fleet store endpoint (`/api/fleet-store/v1/<op>`, HTTP JSON):
// one body schema per operation, checked by the hub before it touches its
// store, and the answers the client parses. Keys and values are the block
// records of fleet-ipam; the limits only keep one request small.

const key = z
  .string()
  .min(1, 'must be a non-empty key such as /underlay/ipam/…')
  .max(1024, 'must be at most 1024 characters');
const lease = z.string().min(1, 'must be the lease id that lease/grant returned').max(64);

/** `get`: one key. */
export const StoreGetBodySchema = z.object({ key }).strict();

/** `list`: every key under a prefix. */
export const StoreListBodySchema = z.object({ prefix: key }).strict();

const StoreOpSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('put'),
      key,
      value: z.string().max(65_536, 'must be at most 64 KiB'),
      lease: lease.optional(),
    })
    .strict(),
  z.object({ kind: z.literal('delete'), key }).strict(),
]);

/** `txn`: compares (modRevision, 0 = absent) and the writes applied when all hold. */
export const StoreTxnBodySchema = z
  .object({
    compare: z
      .array(z.object({ key, modRevision: z.number().int().min(0) }).strict())
      .min(1, 'needs at least one compare (a write is always a compare-and-swap)')
      .max(128),
    success: z.array(StoreOpSchema).max(128, 'at most 128 writes per transaction'),
  })
  .strict();

/** `lease/grant`: a TTL in whole seconds (at most 30 days). */
export const StoreLeaseGrantBodySchema = z
  .object({
    ttlSeconds: z
      .number()
      .int('must be whole seconds')
      .min(1, 'must be at least 1 second')
      .max(30 * 86_400, 'must be at most 30 days'),
  })
  .strict();

/** `lease/keepalive` and `lease/revoke`: one lease id. */
export const StoreLeaseBodySchema = z.object({ lease }).strict();

const KeyValueSchema = z.object({
  key: z.string(),
  value: z.string(),
  modRevision: z.number().int(),
  lease: z.string().optional(),
});

/** Answers, one per operation. */
export const StoreAnswerSchemas = {
  get: z.object({ kv: KeyValueSchema.nullable() }),
  list: z.object({ revision: z.number().int(), kvs: z.array(KeyValueSchema) }),
  txn: z.object({ succeeded: z.boolean(), revision: z.number().int() }),
  'lease/grant': z.object({ lease: z.string() }),
  'lease/keepalive': z.object({ alive: z.boolean() }),
  'lease/revoke': z.object({}),
} as const;

/** The operations of the endpoint. */
export type StoreOperation = keyof typeof StoreAnswerSchemas;

/** Every error answer: a code the client maps back to FleetStoreError's, and what to do. */
export const StoreErrorAnswerSchema = z.object({
  error: z.object({
    code: z.enum(['LEASE_NOT_FOUND', 'BAD_REQUEST', 'UNAUTHORIZED', 'NOT_FOUND', 'INTERNAL']),
    message: z.string(),
  }),
});
export type StoreErrorAnswer = z.infer<typeof StoreErrorAnswerSchema>;

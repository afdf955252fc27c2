import { z } from 'zod';
import { FamilySchema } from './common';

// The agent's `diag.ping`: bounded count and timeout, so the agent is never held long.

/** `diag.ping` input. */
export const PingRequestSchema = z
  .object({
    container: z.string().min(1),
    /** An IP address, or the name of a container on this host (its first address of the family). */
    target: z.string().min(1),
    family: FamilySchema.optional(),
    count: z.number().int().min(1).max(10).default(3),
    /** Milliseconds to wait for each reply (ping -W, rounded up to seconds). */
    timeoutMs: z.number().int().min(100).max(10_000).default(2000),
  })
  .strict();
export type PingRequest = z.input<typeof PingRequestSchema>;

/** What one ping run measured (iputils' summary), the address pinged and its output. */
export const PingResultSchema = z.object({
  transmitted: z.number(),
  received: z.number(),
  lossPercent: z.number(),
  rttMs: z
    .object({ min: z.number(), avg: z.number(), max: z.number(), mdev: z.number() })
    .nullable(),
  target: z.string(),
  ok: z.boolean(),
  exitCode: z.number(),
  output: z.string(),
});
export type PingResult = z.infer<typeof PingResultSchema>;

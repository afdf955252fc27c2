import { TRPCError } from '@trpc/server';
import { PingRequestSchema as AgentPingRequestSchema } from '@underlay/core';
import { z } from 'zod';
import { hubPing } from '../../diag/hub-ping';
import { DEFAULT_LIMITS, runMatrix } from '../../diag/matrix-run';
import {
  checkPairCount,
  MatrixSelectionSchema,
  resolveSelection,
} from '../../diag/matrix-selection';
import { collectHostViews } from '../../fleet/host-views';
import { callHost } from '../fan-out';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { hostOrThrow } from './networks';

// `diag`: connectivity checks through the agents. The connectivity matrix
// (every pair, with the driver's predicted reachability) is built on this.

/** One ping from a container: the agent's own request (core's bounds: count ≤ 10, wait ≤ 10 s) on a host, with the form's messages. */
export const PingRequestSchema = AgentPingRequestSchema.extend({
  hostId: z.string().min(1),
  container: z.string().min(1, 'Pick the container to ping from.'),
  target: z.string().min(1, 'Give an address, or a container name on the same host.'),
}).strict();

/** A connectivity matrix run: small bounds, since it pings every ordered pair. */
export const MatrixRequestSchema = z
  .object({
    selection: MatrixSelectionSchema,
    family: z.union([z.literal(4), z.literal(6)]).default(4),
    count: z
      .number()
      .int()
      .min(1, 'count: 1 to 3 pings per pair.')
      .max(3, 'count: 1 to 3 pings per pair.')
      .default(1),
    timeoutMs: z
      .number()
      .int()
      .min(100, 'timeoutMs: 100 to 2000 ms per ping.')
      .max(2000, 'timeoutMs: 100 to 2000 ms per ping.')
      .default(1000),
  })
  .strict();

export const diagRouter = createTRPCRouter({
  ping: protectedProcedure.input(PingRequestSchema).query(async ({ ctx, input }) => {
    const { hostId, ...request } = input;
    const host = hostOrThrow(ctx.services.db, hostId);
    const budgetMs = (request.count + Math.ceil(request.timeoutMs / 1000) + 5) * 1000;
    return callHost(ctx.services.hub, host, (hub) =>
      hub.query(host.id, 'diag.ping', request, budgetMs),
    );
  }),
  /** Pings every ordered pair of the selection and streams progress, cells (observed vs predicted) and the summary. */
  matrix: protectedProcedure.input(MatrixRequestSchema).subscription(async function* ({
    ctx,
    input,
    signal,
  }) {
    const { db, hub } = ctx.services;
    // Read now, not from the cache: the run predicts reachability from it, and it is one read per host against a ping per pair.
    const fleet = await collectHostViews(db, hub, { fresh: true });
    const endpoints = resolveSelection(input.selection, fleet);
    const problem = checkPairCount(endpoints.length);
    if (problem) throw new TRPCError({ code: 'BAD_REQUEST', message: problem });
    yield* runMatrix({
      fleet,
      endpoints,
      family: input.family,
      count: input.count,
      timeoutMs: input.timeoutMs,
      ping: hubPing(db, hub),
      limits: DEFAULT_LIMITS,
      ...(signal ? { signal } : {}),
    });
  }),
});

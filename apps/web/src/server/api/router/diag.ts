import { z } from 'zod';
import { callHost } from '../fan-out';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { hostOrThrow } from './networks';

// `diag`: connectivity checks through the agents. The connectivity matrix
// (every pair, with the driver's predicted reachability) is built on this.

/** One ping from a container; bounds match the agent's (count ≤ 10, wait ≤ 10 s), so nothing runs long. */
export const PingRequestSchema = z
  .object({
    hostId: z.string().min(1),
    container: z.string().min(1, 'Pick the container to ping from.'),
    target: z.string().min(1, 'Give an address, or a container name on the same host.'),
    family: z.union([z.literal(4), z.literal(6)]).optional(),
    count: z.number().int().min(1).max(10).default(3),
    timeoutMs: z.number().int().min(100).max(10_000).default(2000),
  })
  .strict();

export const diagRouter = createTRPCRouter({
  ping: protectedProcedure.input(PingRequestSchema).query(async ({ ctx, input }) => {
    const { hostId, ...request } = input;
    const host = hostOrThrow(ctx.services.db, hostId);
    const budgetMs = (request.count + Math.ceil(request.timeoutMs / 1000) + 5) * 1000;
    return callHost(ctx.services.hub, host, (hub) => hub.query(host.id, 'diag.ping', request, budgetMs));
  }),
});

import { PingRequestSchema, PingResultSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `diag`: connectivity checks from inside containers. */
export const diagRouter = createTRPCRouter({
  ping: publicProcedure
    .input(PingRequestSchema)
    .output(PingResultSchema)
    .query(({ ctx, input }) => ctx.services.diag.ping(input)),
});

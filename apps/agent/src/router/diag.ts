import { PingSchema } from '../service/diag';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `diag`: connectivity checks from inside containers. */
export const diagRouter = createTRPCRouter({
  ping: publicProcedure.input(PingSchema).query(({ ctx, input }) => ctx.services.diag.ping(input)),
});

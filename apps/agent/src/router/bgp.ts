import { BgpConfigSchema, BgpStatusSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `bgp`: announcements of this host's L3 subnets through BIRD 2. */
export const bgpRouter = createTRPCRouter({
  get: publicProcedure.output(BgpStatusSchema).query(({ ctx }) => ctx.services.bgp.get()),
  set: publicProcedure
    .input(BgpConfigSchema)
    .output(BgpStatusSchema)
    .mutation(({ ctx, input }) => ctx.services.bgp.set(input)),
});

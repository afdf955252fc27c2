import { FleetStoreConfigSchema, FleetStoreStatusSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `fleetStore`: where this host's fleet-wide address blocks are leased (issue 15). */
export const fleetStoreRouter = createTRPCRouter({
  status: publicProcedure
    .output(FleetStoreStatusSchema)
    .query(({ ctx }) => ctx.services.fleetStore.status()),
  configure: publicProcedure
    .input(FleetStoreConfigSchema)
    .output(FleetStoreStatusSchema)
    .mutation(({ ctx, input }) => ctx.services.fleetStore.configure(input)),
});

import {
  ConnectSchema,
  DisconnectSchema,
  NetworkCreateSchema,
  NetworkRefSchema,
} from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `networks`: the driver's verbs. Inputs are core's schemas; the service validates the rest with codes and paths. */
export const networksRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => ctx.services.networks.list()),
  inspect: publicProcedure
    .input(NetworkRefSchema)
    .query(({ ctx, input }) => ctx.services.networks.inspect(input)),
  plan: publicProcedure
    .input(NetworkCreateSchema)
    .query(({ ctx, input }) => ctx.services.networks.plan(input)),
  create: publicProcedure
    .input(NetworkCreateSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.create(input)),
  remove: publicProcedure
    .input(NetworkRefSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.remove(input)),
  connect: publicProcedure
    .input(ConnectSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.connect(input)),
  disconnect: publicProcedure
    .input(DisconnectSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.disconnect(input)),
  drift: publicProcedure.query(({ ctx }) => ctx.services.networks.drift()),
  repair: publicProcedure.mutation(({ ctx }) => ctx.services.networks.repair()),
});

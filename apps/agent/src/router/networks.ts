import {
  ConnectResultSchema,
  ConnectSchema,
  DisconnectResultSchema,
  DisconnectSchema,
  DriftResultSchema,
  NetworkCreateResultSchema,
  NetworkCreateSchema,
  NetworkInspectSchema,
  NetworkListItemSchema,
  NetworkPlanResultSchema,
  NetworkRefSchema,
  NetworkRemoveResultSchema,
  NetworkUpdateResultSchema,
  NetworkUpdateSchema,
  RepairResultSchema,
} from '@underlay/core';
import { z } from 'zod';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `networks`: the driver's verbs. Inputs and outputs are core's schemas; the service validates the rest with codes and paths. */
export const networksRouter = createTRPCRouter({
  list: publicProcedure
    .output(z.array(NetworkListItemSchema))
    .query(({ ctx }) => ctx.services.networks.list()),
  inspect: publicProcedure
    .input(NetworkRefSchema)
    .output(NetworkInspectSchema)
    .query(({ ctx, input }) => ctx.services.networks.inspect(input)),
  plan: publicProcedure
    .input(NetworkCreateSchema)
    .output(NetworkPlanResultSchema)
    .query(({ ctx, input }) => ctx.services.networks.plan(input)),
  create: publicProcedure
    .input(NetworkCreateSchema)
    .output(NetworkCreateResultSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.create(input)),
  remove: publicProcedure
    .input(NetworkRefSchema)
    .output(NetworkRemoveResultSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.remove(input)),
  /** In place: labels only (core's IN_PLACE_FIELDS); other fields are a replace. */
  update: publicProcedure
    .input(NetworkUpdateSchema)
    .output(NetworkUpdateResultSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.update(input)),
  connect: publicProcedure
    .input(ConnectSchema)
    .output(ConnectResultSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.connect(input)),
  disconnect: publicProcedure
    .input(DisconnectSchema)
    .output(DisconnectResultSchema)
    .mutation(({ ctx, input }) => ctx.services.networks.disconnect(input)),
  drift: publicProcedure
    .output(DriftResultSchema)
    .query(({ ctx }) => ctx.services.networks.drift()),
  repair: publicProcedure
    .output(RepairResultSchema)
    .mutation(({ ctx }) => ctx.services.networks.repair()),
});

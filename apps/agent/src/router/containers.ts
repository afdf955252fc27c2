import { ContainerAttachSchema, ContainerCreateSchema, ContainerRefSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `containers`: network namespaces made or adopted by underlay. */
export const containersRouter = createTRPCRouter({
  list: publicProcedure.query(({ ctx }) => ctx.services.containers.list()),
  create: publicProcedure
    .input(ContainerCreateSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.create(input)),
  attach: publicProcedure
    .input(ContainerAttachSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.attach(input)),
  remove: publicProcedure
    .input(ContainerRefSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.remove(input)),
});

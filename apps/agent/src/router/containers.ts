import {
  ContainerAttachSchema,
  ContainerCreateSchema,
  ContainerListItemSchema,
  ContainerRefSchema,
  ContainerRemoveResultSchema,
  ContainerSchema,
} from '@underlay/core';
import { z } from 'zod';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `containers`: network namespaces made or adopted by underlay. */
export const containersRouter = createTRPCRouter({
  list: publicProcedure
    .output(z.array(ContainerListItemSchema))
    .query(({ ctx }) => ctx.services.containers.list()),
  create: publicProcedure
    .input(ContainerCreateSchema)
    .output(ContainerSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.create(input)),
  attach: publicProcedure
    .input(ContainerAttachSchema)
    .output(ContainerSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.attach(input)),
  remove: publicProcedure
    .input(ContainerRefSchema)
    .output(ContainerRemoveResultSchema)
    .mutation(({ ctx, input }) => ctx.services.containers.remove(input)),
});

import { ContainerCreateSchema, ContainerSchema } from '@underlay/core';
import { z } from 'zod';
import { callHost, fanOut, selectHosts } from '../fan-out';
import { createTRPCRouter, protectedProcedure } from '../trpc';
import { hostOrThrow } from './networks';

/** `containers`: network namespaces on each host. */
export const containersRouter = createTRPCRouter({
  list: protectedProcedure
    .input(
      z
        .object({ hostIds: z.array(z.string()).optional() })
        .strict()
        .optional(),
    )
    .query(async ({ ctx, input }) => {
      const { db, hub } = ctx.services;
      return fanOut(selectHosts(db, input?.hostIds), async (h) =>
        z.array(ContainerSchema).parse(await hub.query(h.id, 'containers.list')),
      );
    }),
  create: protectedProcedure
    .input(z.object({ hostId: z.string().min(1), request: ContainerCreateSchema }).strict())
    .mutation(async ({ ctx, input }) => {
      const host = hostOrThrow(ctx.services.db, input.hostId);
      return callHost(ctx.services.hub, host, (hub) =>
        hub.mutate(host.id, 'containers.create', input.request),
      );
    }),
  remove: protectedProcedure
    .input(z.object({ hostId: z.string().min(1), container: z.string().min(1) }).strict())
    .mutation(async ({ ctx, input }) => {
      const host = hostOrThrow(ctx.services.db, input.hostId);
      return callHost(ctx.services.hub, host, (hub) =>
        hub.mutate(host.id, 'containers.remove', { container: input.container }),
      );
    }),
});

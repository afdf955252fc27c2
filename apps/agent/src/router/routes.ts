import { RouteListSchema, RouteSetSchema } from '@underlay/core';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `routes`: routes distributed between hosts (set by the hub, listed by `route ls`). */
export const routesRouter = createTRPCRouter({
  list: publicProcedure.output(RouteListSchema).query(({ ctx }) => ctx.services.routes.list()),
  set: publicProcedure
    .input(RouteSetSchema)
    .output(RouteListSchema)
    .mutation(({ ctx, input }) => ctx.services.routes.set(input)),
});

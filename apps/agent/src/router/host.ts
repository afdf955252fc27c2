import { createTRPCRouter, publicProcedure } from './trpc';

/** `host`: who this host is and what its kernel can do. */
export const hostRouter = createTRPCRouter({
  info: publicProcedure.query(({ ctx }) => ctx.services.host.info()),
  capabilities: publicProcedure.query(({ ctx }) => ctx.services.host.capabilities()),
  interfaces: publicProcedure.query(({ ctx }) => ctx.services.host.interfaces()),
});

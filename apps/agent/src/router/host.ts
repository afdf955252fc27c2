import { HostSnapshotSchema } from '@underlay/core';
import { hostSnapshot, HostSnapshotRequestSchema } from '../service/host-snapshot';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `host`: who this host is, what its kernel can do, and everything on it in one answer. */
export const hostRouter = createTRPCRouter({
  info: publicProcedure.query(({ ctx }) => ctx.services.host.info()),
  capabilities: publicProcedure.query(({ ctx }) => ctx.services.host.capabilities()),
  interfaces: publicProcedure.query(({ ctx }) => ctx.services.host.interfaces()),
  // The dashboard's one call per host and refresh. Store rows are not re-parsed on read, so the
  // output schema is what keeps a malformed record from reaching the browser.
  snapshot: publicProcedure
    .input(HostSnapshotRequestSchema)
    .output(HostSnapshotSchema)
    .query(({ ctx, input }) => hostSnapshot(ctx.services.deps, input)),
});

import {
  HostCapabilitiesSchema,
  HostInfoSchema,
  HostSnapshotSchema,
  ParentCandidateSchema,
} from '@underlay/core';
import { z } from 'zod';
import { hostSnapshot, HostSnapshotRequestSchema } from '../service/host-snapshot';
import { createTRPCRouter, publicProcedure } from './trpc';

/** `host`: who this host is, what its kernel can do, and everything on it in one answer. */
export const hostRouter = createTRPCRouter({
  info: publicProcedure.output(HostInfoSchema).query(({ ctx }) => ctx.services.host.info()),
  capabilities: publicProcedure
    .output(HostCapabilitiesSchema)
    .query(({ ctx }) => ctx.services.host.capabilities()),
  interfaces: publicProcedure
    .output(z.array(ParentCandidateSchema))
    .query(({ ctx }) => ctx.services.host.interfaces()),
  // The dashboard's one call per host and refresh. Store rows are not re-parsed on read, so the
  // output schema is what keeps a malformed record from reaching the browser.
  snapshot: publicProcedure
    .input(HostSnapshotRequestSchema)
    .output(HostSnapshotSchema)
    .query(({ ctx, input }) => hostSnapshot(ctx.services.deps, input)),
});

import type { HostView } from '@underlay/core';
import { collectHostViews } from '../../fleet/host-views';
import { createTRPCRouter, protectedProcedure } from '../trpc';

/** `topology`: the fleet as core's HostView[]; the browser builds and lays out the graph. */
export const topologyRouter = createTRPCRouter({
  hosts: protectedProcedure.query(({ ctx }): Promise<HostView[]> =>
    collectHostViews(ctx.services.db, ctx.services.hub),
  ),
});

import {
  exportFleet,
  FleetApplyJobSchema,
  FleetImportInputSchema,
  FleetImportPlanSchema,
  fleetYaml,
} from '@underlay/core';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { applyJobs } from '../../import/apply-jobs';
import { readFleetState } from '../../import/fleet-state';
import { planImport } from '../../import/plan-import';
import { createTRPCRouter, protectedProcedure } from '../trpc';

// `import`: a fleet file (YAML or CSV) planned and applied across the hub's
// registered hosts with core's loader, diff and apply engine, the same the
// CLI's `underlay plan|apply -f` and `export` run.

const ApplyInputSchema = FleetImportInputSchema.extend({
  continueOnError: z.boolean().default(false),
  parallel: z.number().int().min(1).max(16).default(4),
});

export const importRouter = createTRPCRouter({
  /** The file's issues (at their line/row and column), or the plan per host and its summary line. */
  plan: protectedProcedure
    .input(FleetImportInputSchema)
    .output(FleetImportPlanSchema)
    .query(async ({ ctx, input }) => {
      const { db, hub } = ctx.services;
      return planImport(input, await readFleetState(db, hub));
    }),
  /** Plans again on the fleet as it is now, then starts the apply; its id is polled with `job`. */
  applyFile: protectedProcedure
    .input(ApplyInputSchema)
    .output(z.object({ jobId: z.string().nullable(), plan: FleetImportPlanSchema }))
    .mutation(async ({ ctx, input }) => {
      const { db, hub } = ctx.services;
      const state = await readFleetState(db, hub);
      const plan = planImport(input, state);
      if (plan.issues.some((p) => p.severity === 'error'))
        throw new TRPCError({ code: 'BAD_REQUEST', message: plan.summary });
      if (plan.counts.blocked)
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message: 'Some changes are refused (marked "!" in the plan); nothing was applied.',
        });
      if (!(plan.counts.create + plan.counts.change + plan.counts.remove))
        return { jobId: null, plan };
      const jobId = applyJobs(hub).start({
        plans: plan.plans,
        hosts: state.hosts,
        unreachable: state.unreachable,
        limit: input.parallel,
        continueOnError: input.continueOnError,
      });
      return { jobId, plan };
    }),
  /** An apply's progress per host (done/total, current step) and, once finished, its report. */
  job: protectedProcedure
    .input(z.object({ id: z.string().min(1) }).strict())
    .output(FleetApplyJobSchema)
    .query(({ ctx, input }) => {
      const job = applyJobs(ctx.services.hub).get(input.id);
      if (!job)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'No such apply (the hub keeps the last 20).',
        });
      return job;
    }),
  /** The registered hosts' networks as a fleet file (YAML), as `underlay export` writes it. */
  export: protectedProcedure
    .output(z.object({ yaml: z.string(), unreachable: z.array(z.string()) }))
    .query(async ({ ctx }) => {
      const state = await readFleetState(ctx.services.db, ctx.services.hub);
      return {
        yaml: fleetYaml(exportFleet(state.current)),
        unreachable: state.unreachable.map((u) => u.host),
      };
    }),
});

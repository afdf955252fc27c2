import { ConnectSchema, DisconnectSchema, NetworkCreateSchema, NetworkSchema, PlanStepSchema } from '@underlay/core';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { getHost } from '../../fleet/registry';
import { callHost, fanOut, selectHosts } from '../fan-out';
import { createTRPCRouter, protectedProcedure } from '../trpc';

// `networks` across the fleet: the browser names hosts by registry id, the
// agents answer with core's shapes, which are checked here before use.

const HostsSchema = z.object({ hostIds: z.array(z.string()).optional() }).strict();
const OnHostSchema = z.object({ hostId: z.string().min(1), network: z.string().min(1) }).strict();

/** Create on one or more hosts: the same request for each. */
export const FleetNetworkCreateSchema = z
  .object({ hostIds: z.array(z.string()).min(1, 'Pick at least one host.'), request: NetworkCreateSchema })
  .strict();

const IssueSchema = z.object({
  code: z.string(),
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
  hint: z.string().optional(),
  severity: z.enum(['error', 'warning']),
});

/** The agent's dry run (`networks.plan`): core's validate + resolve + planNetworkCreate on its fresh snapshot. */
const PlanResultSchema = z.object({ ok: z.boolean(), issues: z.array(IssueSchema), network: NetworkSchema.nullable(), steps: z.array(PlanStepSchema) });
const CreateResultSchema = z.object({ network: NetworkSchema, warnings: z.array(IssueSchema).default([]), steps: z.array(PlanStepSchema).default([]) });

function hostOrThrow(db: Parameters<typeof getHost>[0], id: string) {
  const host = getHost(db, id);
  if (!host) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such host; it may have been removed from the fleet.' });
  return host;
}

export const networksRouter = createTRPCRouter({
  list: protectedProcedure.input(HostsSchema.optional()).query(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const outcomes = await fanOut(selectHosts(db, input?.hostIds), async (h) => z.array(NetworkSchema).parse(await hub.query(h.id, 'networks.list')));
    return outcomes;
  }),
  inspect: protectedProcedure.input(OnHostSchema).query(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) => hub.query(host.id, 'networks.inspect', { network: input.network }));
  }),
  plan: protectedProcedure.input(FleetNetworkCreateSchema).query(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    return fanOut(selectHosts(db, input.hostIds), async (h) => PlanResultSchema.parse(await hub.query(h.id, 'networks.plan', input.request)));
  }),
  create: protectedProcedure.input(FleetNetworkCreateSchema).mutation(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    return fanOut(selectHosts(db, input.hostIds), async (h) => CreateResultSchema.parse(await hub.mutate(h.id, 'networks.create', input.request, 60_000)));
  }),
  remove: protectedProcedure.input(OnHostSchema).mutation(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) => hub.mutate(host.id, 'networks.remove', { network: input.network }, 60_000));
  }),
  connect: protectedProcedure.input(z.object({ hostId: z.string().min(1), request: ConnectSchema }).strict()).mutation(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) => hub.mutate(host.id, 'networks.connect', input.request, 60_000));
  }),
  disconnect: protectedProcedure.input(z.object({ hostId: z.string().min(1), request: DisconnectSchema }).strict()).mutation(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) => hub.mutate(host.id, 'networks.disconnect', input.request, 60_000));
  }),
});

export { hostOrThrow };

import {
  ConnectSchema,
  coordinateRanges,
  DisconnectSchema,
  findCrossHostDuplicates,
  NetworkCreateResultSchema,
  NetworkCreateSchema,
  NetworkPlanResultSchema,
  NetworkSchema,
  requestFromNetwork,
} from '@underlay/core';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { getHost } from '../../fleet/registry';
import { coordinatedRequests, throwIfRefused } from '../../networks/coordinated-create';
import { networkDetail } from '../../networks/network-detail';
import { previewTeardown, tearDown } from '../../networks/network-teardown';
import { findSpan, spanEndpoints } from '../../networks/span-peers';
import { checkStaticAddresses } from '../../networks/static-address-check';
import { callHost, fanOut, selectHosts } from '../fan-out';
import { createTRPCRouter, protectedProcedure } from '../trpc';

// `networks` across the fleet: the browser names hosts by registry id, the
// agents answer with core's shapes (typed by the agent's router), parsed
// again here with the same core schemas where the answer feeds a decision
// (so an agent of another version is refused, not misread).

const HostsSchema = z.object({ hostIds: z.array(z.string()).optional() }).strict();
const OnHostSchema = z.object({ hostId: z.string().min(1), network: z.string().min(1) }).strict();

/**
 * Create on one or more hosts. With `coordinate` (the default) a network on two
 * hosts or more gets a disjoint --ip-range slice per host (core's coordinateRanges);
 * without it every host gets the same request, as the CLI would send.
 */
export const FleetNetworkCreateSchema = z
  .object({
    hostIds: z.array(z.string()).min(1, 'Pick at least one host.'),
    request: NetworkCreateSchema,
    coordinate: z.boolean().default(true),
  })
  .strict();

const ByNameSchema = z.object({ network: z.string().min(1) }).strict();
const TeardownPreviewSchema = ByNameSchema.extend({
  hostIds: z.array(z.string().min(1)).optional(),
}).strict();
const TeardownSchema = ByNameSchema.extend({
  hostIds: z.array(z.string().min(1)).min(1, 'Pick at least one host to remove the network from.'),
  disconnectAll: z.boolean().default(false),
}).strict();

const AddHostSchema = z.object({ hostId: z.string().min(1), network: z.string().min(1) }).strict();

function hostOrThrow(db: Parameters<typeof getHost>[0], id: string) {
  const host = getHost(db, id);
  if (!host)
    throw new TRPCError({
      code: 'NOT_FOUND',
      message: 'No such host; it may have been removed from the fleet.',
    });
  return host;
}

export const networksRouter = createTRPCRouter({
  list: protectedProcedure.input(HostsSchema.optional()).query(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const outcomes = await fanOut(selectHosts(db, input?.hostIds), async (h) =>
      z.array(NetworkSchema).parse(await hub.query(h.id, 'networks.list')),
    );
    return outcomes;
  }),
  inspect: protectedProcedure.input(OnHostSchema).query(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) =>
      hub.query(host.id, 'networks.inspect', { network: input.network }),
    );
  }),
  plan: protectedProcedure.input(FleetNetworkCreateSchema).query(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const hosts = selectHosts(db, input.hostIds);
    const { byHostId, ranges } = await coordinatedRequests({
      db,
      hub,
      hosts,
      request: input.request,
      coordinate: input.coordinate,
    });
    return fanOut(hosts, async (h) => ({
      ...NetworkPlanResultSchema.parse(await hub.query(h.id, 'networks.plan', byHostId.get(h.id))),
      ranges: ranges.filter((r) => r.host === h.name),
    }));
  }),
  create: protectedProcedure.input(FleetNetworkCreateSchema).mutation(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const hosts = selectHosts(db, input.hostIds);
    const { byHostId, ranges } = await coordinatedRequests({
      db,
      hub,
      hosts,
      request: input.request,
      coordinate: input.coordinate,
    });
    return fanOut(hosts, async (h) => ({
      ...NetworkCreateResultSchema.parse(
        await hub.mutate(h.id, 'networks.create', byHostId.get(h.id), 60_000),
      ),
      ranges: ranges.filter((r) => r.host === h.name),
    }));
  }),
  /** The same network on one more host, in a slice no other host holds. */
  addHost: protectedProcedure.input(AddHostSchema).mutation(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const host = hostOrThrow(db, input.hostId);
    const { members, unreachable } = await findSpan(db, hub, input.network);
    const source = members[0];
    if (!source)
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `No host holds a network named "${input.network}".`,
      });
    if (members.some((m) => m.hostId === host.id))
      throw new TRPCError({
        code: 'CONFLICT',
        message: `${host.name} already holds network "${input.network}".`,
      });
    // An unreachable host may hold a slice: handing it out again is the very duplicate this avoids.
    if (unreachable.length)
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: `${unreachable.join(', ')} did not answer, so the slices it holds are unknown. Try again when it is online.`,
      });
    const peers = members.map((m) => ({ host: m.host, network: m.network }));
    const result = coordinateRanges({
      request: requestFromNetwork(source.network),
      hosts: [host.name],
      peers,
    });
    throwIfRefused(result.issues);
    const request = result.requests[0]?.request ?? requestFromNetwork(source.network);
    const created = await callHost(hub, host, (h) =>
      h.mutate(host.id, 'networks.create', request, 60_000),
    );
    return { ...NetworkCreateResultSchema.parse(created), ranges: result.ranges };
  }),
  /** Every host's copy of a network (same name), their ranges, and addresses held on two hosts. */
  span: protectedProcedure
    .input(z.object({ network: z.string().min(1) }).strict())
    .query(async ({ ctx, input }) => {
      const { db, hub } = ctx.services;
      const { members, unreachable } = await findSpan(db, hub, input.network);
      const seen = await spanEndpoints(hub, members);
      return {
        members: members.map((m) => ({
          hostId: m.hostId,
          host: m.host,
          subnets: m.network.subnets.map((s) => ({ subnet: s.subnet, ipRange: s.ipRange ?? null })),
        })),
        endpoints: seen.endpoints,
        duplicates: findCrossHostDuplicates(seen.endpoints),
        unreachable: [...unreachable, ...seen.unreachable],
      };
    }),
  /** The network page: every host holding `network`, its blocks or range, endpoints, whole-prefix usage, events. */
  detail: protectedProcedure.input(ByNameSchema).query(async ({ ctx, input }) => {
    const { db, hub, hubStore } = ctx.services;
    const detail = await networkDetail({ db, hub, store: hubStore.store }, input.network);
    if (!detail)
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: `No host holds a network named "${input.network}".`,
      });
    return detail;
  }),
  /** What removing `network` from the chosen hosts deletes (per host: network, parent link, endpoints). */
  teardownPreview: protectedProcedure
    .input(TeardownPreviewSchema)
    .query(({ ctx, input }) =>
      previewTeardown(ctx.services.db, ctx.services.hub, input.network, input.hostIds),
    ),
  /** Removes `network` from the chosen hosts, disconnecting its endpoints first when asked; per-host outcomes. */
  teardown: protectedProcedure
    .input(TeardownSchema)
    .mutation(({ ctx, input }) => tearDown(ctx.services.db, ctx.services.hub, input)),
  remove: protectedProcedure.input(OnHostSchema).mutation(async ({ ctx, input }) => {
    const host = hostOrThrow(ctx.services.db, input.hostId);
    return callHost(ctx.services.hub, host, (hub) =>
      hub.mutate(host.id, 'networks.remove', { network: input.network }, 60_000),
    );
  }),
  connect: protectedProcedure
    .input(z.object({ hostId: z.string().min(1), request: ConnectSchema }).strict())
    .mutation(async ({ ctx, input }) => {
      const host = hostOrThrow(ctx.services.db, input.hostId);
      await checkStaticAddresses({
        db: ctx.services.db,
        hub: ctx.services.hub,
        host,
        request: input.request,
      });
      return callHost(ctx.services.hub, host, (hub) =>
        hub.mutate(host.id, 'networks.connect', input.request, 60_000),
      );
    }),
  disconnect: protectedProcedure
    .input(z.object({ hostId: z.string().min(1), request: DisconnectSchema }).strict())
    .mutation(async ({ ctx, input }) => {
      const host = hostOrThrow(ctx.services.db, input.hostId);
      return callHost(ctx.services.hub, host, (hub) =>
        hub.mutate(host.id, 'networks.disconnect', input.request, 60_000),
      );
    }),
});

export { hostOrThrow };

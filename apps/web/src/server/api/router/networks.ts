import {
  ConnectSchema,
  DisconnectSchema,
  findCrossHostDuplicates,
  leaseCapacity,
  NetworkCreateResultSchema,
  NetworkCreateSchema,
  NetworkPlanResultSchema,
  NetworkSchema,
  requestFromNetwork,
} from '@underlay/core';
import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { getHost } from '../../fleet/registry';
import { networkBlocks } from '../../fleet/fleet-blocks';
import {
  commonStore,
  coordinatedRequests,
  throwIfRefused,
} from '../../networks/coordinated-create';
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
 * hosts or more is checked for fleet-wide leases (one store on every host, a
 * block per host) and each host's agent hands out addresses from its own
 * blocks; without it every host gets the same request, as the CLI would send.
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
    const { byHostId, leases } = await coordinatedRequests({
      db,
      hub,
      hosts,
      request: input.request,
      coordinate: input.coordinate,
    });
    return fanOut(hosts, async (h) => ({
      ...NetworkPlanResultSchema.parse(await hub.query(h.id, 'networks.plan', byHostId.get(h.id))),
      lease: leases.find((l) => l.host === h.name) ?? null,
    }));
  }),
  create: protectedProcedure.input(FleetNetworkCreateSchema).mutation(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const hosts = selectHosts(db, input.hostIds);
    const { byHostId, leases } = await coordinatedRequests({
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
      lease: leases.find((l) => l.host === h.name) ?? null,
    }));
  }),
  /** The same network on one more host: the whole subnet, its addresses from that host's own blocks. */
  addHost: protectedProcedure.input(AddHostSchema).mutation(async ({ ctx, input }) => {
    const { db, hub } = ctx.services;
    const host = hostOrThrow(db, input.hostId);
    const { members } = await findSpan(db, hub, input.network);
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
    // No slice to find: the store knows every block, even those of hosts offline now.
    // The source's labels come along, a shared segment label included.
    const request = requestFromNetwork(source.network);
    throwIfRefused(leaseCapacity(request, members.length + 1));
    const store = await commonStore(hub, [
      { id: host.id, name: host.name },
      ...members.map((m) => ({ id: m.hostId, name: m.host })),
    ]);
    const created = await callHost(hub, host, (h) =>
      h.mutate(host.id, 'networks.create', request, 60_000),
    );
    return { ...NetworkCreateResultSchema.parse(created), lease: { host: host.name, store } };
  }),
  /** Blocks held per host on each segment of a network (by name), from the hub's fleet store. */
  blocks: protectedProcedure
    .input(z.object({ network: z.string().min(1) }).strict())
    .query(async ({ ctx, input }) => {
      const { db, hub, hubStore } = ctx.services;
      const { members, unreachable } = await findSpan(db, hub, input.network);
      return {
        segments: await networkBlocks(
          hubStore.store,
          members.map((m) => m.network),
        ),
        unreachable,
      };
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
        store: ctx.services.hubStore.store,
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

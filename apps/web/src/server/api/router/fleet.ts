import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { HostEditSchema, HostInputSchema } from '~/lib/host-schema';
import { revokeStoreToken } from '../../fleet/store-tokens';
import { testConnection } from '../../fleet/test-connection';
import {
  addHost,
  getHost,
  listHosts,
  NameTakenError,
  removeHost,
  toPublic,
  updateHost,
} from '../../fleet/registry';
import { AgentCallError } from '../agent-error';
import { createTRPCRouter, protectedProcedure } from '../trpc';

const HostIdSchema = z.object({ id: z.string().min(1) }).strict();

/** Connection test input: a stored host's token is used when none is typed. */
const TestSchema = HostInputSchema.pick({ address: true, tlsCa: true })
  .extend({ token: z.string().trim().optional(), id: z.string().optional() })
  .strict();

function nameTaken(error: unknown): never {
  if (error instanceof NameTakenError) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: error.message,
      cause: new AgentCallError(error.message, {
        code: 'HOST_EXISTS',
        path: ['name'],
        message: error.message,
      }),
    });
  }
  throw error;
}

/** `fleet`: the registry of hosts and each one's live state. */
export const fleetRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => {
    const { db, hub } = ctx.services;
    return listHosts(db).map((host) => {
      const { info, ...state } = hub.status(host.id);
      return {
        ...toPublic(host),
        ...state,
        info: info && {
          hostname: info.hostname,
          kernel: info.kernel,
          version: info.version,
          capabilities: info.capabilities,
          interfaces: info.interfaces,
        },
      };
    });
  }),
  add: protectedProcedure.input(HostInputSchema).mutation(({ ctx, input }) => {
    const { db, hub } = ctx.services;
    try {
      const record = addHost(db, input);
      hub.connect(record);
      return toPublic(record);
    } catch (error) {
      nameTaken(error);
    }
  }),
  edit: protectedProcedure.input(HostEditSchema).mutation(({ ctx, input }) => {
    const { db, hub } = ctx.services;
    try {
      const record = updateHost(db, input.id, input);
      if (!record)
        throw new TRPCError({
          code: 'NOT_FOUND',
          message: 'No such host; it may have been removed.',
        });
      hub.refresh(record.id);
      return toPublic(record);
    } catch (error) {
      nameTaken(error);
    }
  }),
  remove: protectedProcedure.input(HostIdSchema).mutation(async ({ ctx, input }) => {
    // Its agent leaves the hub's store, then its token goes: its blocks stay until the lease's TTL.
    const fleetStore = await ctx.services.hub.resetFleetStore(input.id);
    revokeStoreToken(ctx.services.db, input.id);
    const removed = removeHost(ctx.services.db, input.id);
    await ctx.services.hub.disconnect(input.id);
    // The others withdraw the routes to its subnets.
    ctx.services.routes.schedule();
    return { removed, fleetStore };
  }),
  test: protectedProcedure.input(TestSchema).mutation(async ({ ctx, input }) => {
    const stored = input.id ? getHost(ctx.services.db, input.id) : null;
    const token = input.token || stored?.token;
    if (!token)
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: "Paste the agent's token to test the connection.",
      });
    const result = await testConnection({
      address: input.address,
      token,
      tlsCa: input.tlsCa || stored?.tlsCa || null,
    });
    return result.ok
      ? {
          ok: true as const,
          latencyMs: result.latencyMs,
          hostname: result.info.hostname,
          kernel: result.info.kernel,
          version: result.info.version,
        }
      : result;
  }),
});

import { initTRPC, TRPCError } from '@trpc/server';
import type { AgentServices } from '../services';
import { summed, traced } from '../trace/op-trace';
import { domainDataOf, isZodError, toTrpcError, zodMessage } from './errors';

// tRPC setup (t3 skeleton): the context, the error shape every client sees,
// and the one middleware that maps failures to tRPC codes.

/** Per-connection context; the connection was authenticated before this exists. */
export interface AgentContext {
  services: AgentServices;
}

const t = initTRPC.context<AgentContext>().create({
  errorFormatter({ shape, error }) {
    const domain = domainDataOf(error.cause);
    const message = isZodError(error.cause) ? zodMessage(error.cause) : shape.message;
    return { ...shape, message, data: { ...shape.data, domain: domain ?? null } };
  },
});

/** Maps DomainError and NetlinkError thrown by a procedure to the matching tRPC code. */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause ?? result.error;
    const mapped =
      result.error instanceof TRPCError && result.error.code !== 'INTERNAL_SERVER_ERROR'
        ? undefined
        : toTrpcError(cause);
    if (mapped) throw mapped;
  }
  return result;
});

/** At log level debug, logs where each call's time went (trace/op-trace.ts) as one `call timing` line. */
const timeCalls = t.middleware(async ({ ctx, path, next }) => {
  const { log } = ctx.services.deps;
  if (!log.isLevelEnabled('debug')) return next();
  const start = performance.now();
  const { result, marks } = await traced(() => next());
  const ms = Math.round((performance.now() - start) * 10) / 10;
  log.debug({ path, ms, ok: result.ok, steps: summed(marks) }, 'call timing');
  return result;
});

export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure.use(timeCalls).use(mapErrors);
export const createCallerFactory = t.createCallerFactory;

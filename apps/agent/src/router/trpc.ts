import { initTRPC, TRPCError } from '@trpc/server';
import type { AgentServices } from '../services';
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

export const createTRPCRouter = t.router;
export const publicProcedure = t.procedure.use(mapErrors);
export const createCallerFactory = t.createCallerFactory;

import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { z } from 'zod';
import { readCookie, SESSION_COOKIE, isHttps } from '../auth/cookie';
import { findSession, unsealSessionId, type Session } from '../auth/sessions';
import type { Services } from '../services';
import { AgentCallError } from './agent-error';

// tRPC setup for the browser (t3 skeleton): the context built per request,
// the error shape (domain data from agents, zod field errors), and the two
// procedure kinds. Everything except `auth.login` is behind the session.

export interface TRPCContext {
  services: Services;
  session: Session | null;
  /** Response headers, for Set-Cookie on login/logout; null when called in-process. */
  resHeaders: Headers | null;
  secure: boolean;
}

/** Context for one HTTP request: the session comes from the signed cookie. */
export function createTRPCContext({
  services,
  req,
  resHeaders,
}: {
  services: Services;
  req: Request;
  resHeaders: Headers | null;
}): TRPCContext {
  const id = unsealSessionId(
    services.secret,
    readCookie(req.headers.get('cookie'), SESSION_COOKIE),
  );
  return {
    services,
    session: id ? findSession(services.db, id) : null,
    resHeaders,
    secure: isHttps(req.url, req.headers),
  };
}

const t = initTRPC.context<TRPCContext>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        domain: cause instanceof AgentCallError ? cause.domain : null,
        zodError: cause instanceof z.ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Reachable without a session: only `auth.login` and `auth.me` use it. */
export const publicProcedure = t.procedure;

/** Everything else: refuses calls without a live session. */
export const protectedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in first.' });
  return next({ ctx: { ...ctx, session: ctx.session } });
});

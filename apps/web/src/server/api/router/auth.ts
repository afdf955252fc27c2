import { TRPCError } from '@trpc/server';
import { LoginSchema } from '~/lib/login-schema';
import { checkAdminPassword } from '../../auth/admin';
import { clearedSessionCookie, sessionCookie } from '../../auth/cookie';
import { createSession, deleteSession, sealSessionId } from '../../auth/sessions';
import { createTRPCRouter, protectedProcedure, publicProcedure } from '../trpc';

/** `auth`: the only door that is open without a session. */
export const authRouter = createTRPCRouter({
  login: publicProcedure.input(LoginSchema).mutation(async ({ ctx, input }) => {
    const { db, secret, env, loginThrottle: throttle } = ctx.services;
    const wait = throttle.retryAfter();
    if (wait > 0)
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `Too many wrong passwords: try again in ${Math.ceil(wait / 1000)} s.`,
      });
    if (!(await checkAdminPassword(db, input.password))) {
      throttle.failed();
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong password.' });
    }
    throttle.succeeded();
    const session = createSession(db, { ttlMs: env.sessionTtlMs });
    ctx.resHeaders?.append(
      'Set-Cookie',
      sessionCookie({
        value: sealSessionId(secret, session.id),
        expiresAt: session.expiresAt,
        secure: ctx.secure,
      }),
    );
    return { expiresAt: session.expiresAt };
  }),
  me: publicProcedure.query(({ ctx }) => ({
    loggedIn: ctx.session !== null,
    expiresAt: ctx.session?.expiresAt ?? null,
  })),
  logout: protectedProcedure.mutation(({ ctx }) => {
    deleteSession(ctx.services.db, ctx.session.id);
    ctx.resHeaders?.append('Set-Cookie', clearedSessionCookie(ctx.secure));
    return { ok: true };
  }),
});

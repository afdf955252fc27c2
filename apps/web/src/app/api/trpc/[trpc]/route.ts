import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '~/server/api/root';
import { createTRPCContext } from '~/server/api/trpc';
import { services } from '~/server/services';

// tRPC over HTTP for the browser (queries, mutations, SSE subscriptions).
// The session check is in the procedures, not here, so `auth.login` stays open.

async function handler(req: Request): Promise<Response> {
  const s = await services();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: ({ resHeaders }) => createTRPCContext({ services: s, req, resHeaders }),
    onError: ({ path, error }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'}:`, error);
    },
  });
}

export { handler as GET, handler as POST };

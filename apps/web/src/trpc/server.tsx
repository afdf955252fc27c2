import {
  dehydrate,
  HydrationBoundary,
  type FetchQueryOptions,
  type QueryKey,
} from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import { cache, type ReactNode } from 'react';
import { appRouter } from '~/server/api/root';
import { createTRPCContext } from '~/server/api/trpc';
import { services } from '~/server/services';
import { makeQueryClient } from './query-client';

// A page's first data, asked for by the server while it renders the page
// (create-t3-turbo's RSC prefetch): the answer streams to the browser with
// the HTML and the client's useQuery starts with it, instead of asking again
// over HTTP once the JavaScript has loaded (one round trip, not two). The
// same procedures and session check as over HTTP; nothing else is served.

// One QueryClient and one context per request being rendered.
const getQueryClient = cache(makeQueryClient);
// A page rendered while the hub's links are still opening waits (bounded) for the hosts' first
// answers, so it shows them online and drawn (services.ts); later renders do not wait.
const createContext = cache(async () => {
  const heads = await headers();
  const req = new Request('http://localhost/api/trpc', { headers: new Headers(heads) });
  const ready = await services();
  await ready.hub.firstAnswers();
  return createTRPCContext({ services: ready, req, resHeaders: null });
});

/** The browser's router, called in-process for server components. */
export const trpc = createTRPCOptionsProxy({
  router: appRouter,
  ctx: createContext,
  queryClient: getQueryClient,
});

/** Starts a query on the server; its answer (or its error) reaches the page through HydrateClient. */
export function prefetch<TData, TError, TKey extends QueryKey>(
  options: FetchQueryOptions<TData, TError, TData, TKey>,
): void {
  void getQueryClient().prefetchQuery(options);
}

/** Hands the queries started by prefetch to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

'use client';

import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import {
  createTRPCClient,
  httpBatchStreamLink,
  httpLink,
  httpSubscriptionLink,
  splitLink,
} from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '~/server/api/root';
import { makeQueryClient } from './query-client';

// The browser talks only to this server: queries and mutations over HTTP
// (batched, streamed), subscriptions over SSE. Same-origin, so the session
// cookie goes with every request and no token is ever handled here.

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;
const getQueryClient = () => {
  if (typeof window === 'undefined') return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
};

const url = () =>
  `${typeof window === 'undefined' ? 'http://localhost' : window.location.origin}/api/trpc`;

/** Provides tRPC and React Query to every client component. */
export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: url(), transformer: superjson }),
          // A streamed batch sends its headers before the procedures run, so the
          // Set-Cookie of login/logout would be lost: auth goes unbatched.
          false: splitLink({
            condition: (op) => op.path.startsWith('auth.'),
            true: httpLink({ url: url(), transformer: superjson }),
            false: httpBatchStreamLink({ url: url(), transformer: superjson }),
          }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

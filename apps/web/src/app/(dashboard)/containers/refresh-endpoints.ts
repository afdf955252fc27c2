'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';

/** After a connect or disconnect: the lists that show endpoints (network list and usage, host snapshots) are fetched again. */
export function useRefreshEndpoints(): () => Promise<unknown> {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.topology.hosts.queryKey() }),
    ]);
}

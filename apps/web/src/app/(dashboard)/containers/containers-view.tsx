'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '~/trpc/react';
import { ConnectForm } from './connect-form';
import { ContainerTable } from './container-table';
import { CreateContainerForm } from './create-container-form';
import { EndpointsTable } from './endpoints-table';

/** Containers (network namespaces) per host: create, remove, connect to a network; their endpoints, disconnect. */
export function ContainersView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.containers.list.queryOptions());
  const refresh = () =>
    queryClient.invalidateQueries({ queryKey: trpc.containers.list.queryKey() });
  return (
    <section className="space-y-4">
      <h1 className="text-lg font-semibold">Containers</h1>
      <CreateContainerForm onCreated={refresh} />
      <ConnectForm />
      <ContainerTable hosts={list.data ?? []} />
      <EndpointsTable />
    </section>
  );
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Container } from '@underlay/core';
import { ModalDialog } from '~/components/modal-dialog';
import { useTRPC } from '~/trpc/react';
import { addressText, endpointRows } from './endpoint-rows';

// `container rm` from the dashboard: one styled dialog says what goes (each
// endpoint's link and addresses, the namespace when underlay made it) before
// anything is sent, as the networks remove flow does.

/** The container to remove and the host it is on. */
export interface ContainerTarget {
  hostId: string;
  host: string;
  container: Container;
}

/** The confirmation for removing one container; closes itself after the removal. */
export function RemoveContainerDialog({
  target,
  onClose,
}: {
  target: ContainerTarget;
  onClose: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.containers.remove.mutationOptions());
  const { host, container: c } = target;
  const confirm = () =>
    remove.mutate(
      { hostId: target.hostId, container: c.name },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.containers.list.queryKey() });
          void queryClient.invalidateQueries({ queryKey: trpc.topology.hosts.queryKey() });
          onClose();
        },
      },
    );
  return (
    <ModalDialog
      title={`Remove container ${c.name} on ${host}?`}
      confirm="Remove"
      danger
      busy={remove.isPending}
      onCancel={onClose}
      onConfirm={confirm}
      error={remove.error}
      errorTestId="container-remove-error"
    >
      <ContainerGoes target={target} />
    </ModalDialog>
  );
}

/** The dialog's list: each endpoint disconnected first, then the container and its namespace. */
function ContainerGoes({ target }: { target: ContainerTarget }) {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.topology.hosts.queryOptions());
  const { host, container: c } = target;
  const endpoints = endpointRows(hosts.data ?? []).filter(
    (r) => r.host === host && r.endpoint.container === c.name,
  );
  return (
    <ul className="list-disc space-y-1 pl-5" data-testid="container-remove-summary">
      {endpoints.map(({ network, endpoint: e }) => (
        <li key={network} data-testid={`container-remove-item-${network}`}>
          Disconnects it from <code>{network}</code>: link <code>{e.ifname}</code> deleted,{' '}
          {addressText(e)} released
        </li>
      ))}
      <li>
        The container record <strong>{c.name}</strong>
        {c.origin === 'created' ? (
          <>
            {' '}
            and its network namespace <code>{c.netns}</code>
          </>
        ) : (
          <>
            ; its namespace <code>{c.netns}</code> was attached, so it stays with its process
          </>
        )}
      </li>
    </ul>
  );
}

'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ModalDialog } from '~/components/modal-dialog';
import { useTRPC } from '~/trpc/react';
import type { FleetHost } from './host-row';

// Removing a host from the fleet: the styled dialog says what goes (the
// registration, the tokens) and what stays on the host, before anything is
// sent (no window.confirm).

/** The confirmation for removing `host`; closes itself once the host is gone. */
export function RemoveHostDialog({ host, onClose }: { host: FleetHost; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.fleet.remove.mutationOptions());
  const confirm = () =>
    remove.mutate(
      { id: host.id },
      {
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.fleet.list.queryKey() });
          onClose();
        },
      },
    );
  return (
    <ModalDialog
      title={`Remove ${host.name} from the fleet?`}
      confirm="Remove"
      danger
      busy={remove.isPending}
      onCancel={onClose}
      onConfirm={confirm}
      error={remove.error}
      errorTestId="host-remove-error"
    >
      <ul className="list-disc space-y-1 pl-5" data-testid="host-remove-summary">
        <li>
          Its registration (<code>{host.address}</code>) and the agent token stored for it
        </li>
        <li>Its place in the fleet store: its store token is revoked</li>
      </ul>
      <p className="mt-2">
        Its networks and containers stay on the host; the dashboard stops showing them.
      </p>
    </ModalDialog>
  );
}

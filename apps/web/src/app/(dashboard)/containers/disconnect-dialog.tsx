'use client';

import { useMutation } from '@tanstack/react-query';
import { ModalDialog } from '~/components/modal-dialog';
import { useTRPC } from '~/trpc/react';
import { addressText, type EndpointRow } from './endpoint-rows';
import { useRefreshEndpoints } from './refresh-endpoints';

// `network disconnect` from the dashboard: the styled dialog names the link
// and the addresses that go before anything is sent.

/** An endpoint to disconnect, with the registry id of its host. */
export interface DisconnectTarget {
  hostId: string;
  row: EndpointRow;
}

/** The disconnect mutation, and `confirm` that runs it, refreshes the lists and closes. */
function useDisconnect(target: DisconnectTarget, onClose: () => void) {
  const trpc = useTRPC();
  const refresh = useRefreshEndpoints();
  const disconnect = useMutation(trpc.networks.disconnect.mutationOptions());
  const { network, endpoint: e } = target.row;
  const confirm = () =>
    disconnect.mutate(
      { hostId: target.hostId, request: { network, container: e.container } },
      {
        onSuccess: () => {
          void refresh();
          onClose();
        },
      },
    );
  return { disconnect, confirm };
}

/** The confirmation for one disconnect; closes itself once it is done. */
export function DisconnectDialog({
  target,
  onClose,
}: {
  target: DisconnectTarget;
  onClose: () => void;
}) {
  const { disconnect, confirm } = useDisconnect(target, onClose);
  const { host, network, endpoint: e } = target.row;
  return (
    <ModalDialog
      title={`Disconnect ${e.container} from ${network} on ${host}?`}
      confirm="Disconnect"
      danger
      busy={disconnect.isPending}
      onCancel={onClose}
      onConfirm={confirm}
      error={disconnect.error}
      errorTestId="ep-error"
    >
      <ul className="list-disc space-y-1 pl-5" data-testid="disconnect-summary">
        <li>
          Its link <code>{e.ifname}</code> is deleted
        </li>
        <li>{addressText(e)} released</li>
      </ul>
    </ModalDialog>
  );
}

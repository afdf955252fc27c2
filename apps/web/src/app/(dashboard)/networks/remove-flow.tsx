'use client';

import { useMutation, useQueries, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ModalDialog } from '~/components/modal-dialog';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';

// One flow to remove networks from the hosts that hold them (issue 19,
// problem 7): one dialog lists everything that will go on each host, one
// confirm runs it, and each host reports on its own.

/** A network to remove, from the chosen hosts (every host holding it when absent). */
export interface RemoveTarget {
  network: string;
  hostIds?: string[];
}

/** One host's outcome, as the teardown procedure returns it. */
export interface RemoveOutcome {
  network: string;
  host: string;
  ok: boolean;
  removed: boolean;
  disconnected: string[];
  removedLinks: string[];
  error: string | null;
  code: string | null;
}

type Previews = ReturnType<typeof usePreviews>;

function usePreviews(targets: RemoveTarget[]) {
  const trpc = useTRPC();
  return useQueries({
    queries: targets.map((t) =>
      trpc.networks.teardownPreview.queryOptions(
        { network: t.network, ...(t.hostIds ? { hostIds: t.hostIds } : {}) },
        { staleTime: 0, gcTime: 0 },
      ),
    ),
  });
}

type Preview = Previews[number];
type PreviewHost = NonNullable<Preview['data']>['hosts'][number];

/** What goes on one host: the network, its parent link, each endpoint it disconnects. */
function HostItem({ h, network }: { h: PreviewHost; network: string }) {
  return (
    <li data-testid={`remove-item-${h.host}-${network}`}>
      On <strong>{h.host}</strong>: network <code>{h.network}</code>
      {h.parentLink ? (
        <>
          , its parent link <code>{h.parentLink}</code>
        </>
      ) : null}
      {h.endpoints.length > 0 && (
        <>
          ; disconnects{' '}
          {h.endpoints.map((e) => `${e.container} (${e.ipv4Address || e.macAddress})`).join(', ')}
        </>
      )}
    </li>
  );
}

/** One network's part of the dialog: its error, "Reading…", or what goes on each host and which hosts did not answer. */
function TargetPreview({ network, p }: { network: string; p: Preview | undefined }) {
  if (p?.error) return <p className="text-red-700">{errorText(p.error)}</p>;
  if (!p?.data) return <p>Reading {network}…</p>;
  return (
    <div>
      {p.data.hosts.length === 0 && <p>{network}: no host holds it any more.</p>}
      <ul className="list-disc space-y-1 pl-5">
        {p.data.hosts.map((h) => (
          <HostItem key={h.hostId} h={h} network={network} />
        ))}
      </ul>
      {p.data.failed.map((f) => (
        <p key={f.host} className="text-amber-700" data-testid={`remove-unknown-${f.host}`}>
          {f.error} ({network} there is left as it is.)
        </p>
      ))}
    </div>
  );
}

/** The dialog's body: per network and host, the network, its parent link, each endpoint. */
function WhatGoes({ targets, previews }: { targets: RemoveTarget[]; previews: Previews }) {
  return (
    <div className="space-y-3" data-testid="remove-summary">
      {targets.map((t, i) => (
        <TargetPreview key={t.network} network={t.network} p={previews[i]} />
      ))}
    </div>
  );
}

/** Runs the teardown of every target whose preview found hosts; outcomes in target order. */
function useTeardown(onDone: (outcomes: RemoveOutcome[]) => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teardown = useMutation(trpc.networks.teardown.mutationOptions());
  const run = async (targets: RemoveTarget[], previews: Previews, disconnectAll: boolean) => {
    const outcomes: RemoveOutcome[] = [];
    for (const [i, t] of targets.entries()) {
      const hostIds = previews[i]?.data?.hosts.map((h) => h.hostId) ?? [];
      if (hostIds.length === 0) continue;
      const result = await teardown.mutateAsync({ network: t.network, hostIds, disconnectAll });
      outcomes.push(...result.map((r) => ({ ...r, network: t.network })));
    }
    await queryClient.invalidateQueries({ queryKey: trpc.networks.pathKey() });
    onDone(outcomes);
  };
  return { run, pending: teardown.isPending, error: teardown.error };
}

/** The confirmation dialog for removing `targets`; `onDone` gets every host's outcome. */
export function RemoveFlow({
  targets,
  onDone,
  onCancel,
}: {
  targets: RemoveTarget[];
  onDone: (outcomes: RemoveOutcome[]) => void;
  onCancel: () => void;
}) {
  const previews = usePreviews(targets);
  const { run, pending, error } = useTeardown(onDone);
  const [running, setRunning] = useState(false);
  const ready = previews.every((p) => p.data);
  const connected = previews.some((p) => p.data?.hosts.some((h) => h.endpoints.length > 0));
  const names = targets.map((t) => t.network).join(', ');
  return (
    <ModalDialog
      title={`Remove ${targets.length === 1 ? 'network' : 'networks'} ${names}?`}
      confirm={connected ? 'Disconnect all and remove' : 'Remove'}
      danger
      busy={!ready || pending || running}
      onCancel={onCancel}
      onConfirm={() => {
        setRunning(true);
        void run(targets, previews, connected).finally(() => setRunning(false));
      }}
      error={error}
    >
      <p className="mb-2">This deletes, on each host:</p>
      <WhatGoes targets={targets} previews={previews} />
    </ModalDialog>
  );
}

/** Each host's outcome after a removal: done, or what failed and what was done before. */
export function RemoveReport({
  outcomes,
  onRetry,
}: {
  outcomes: RemoveOutcome[];
  onRetry: (t: RemoveTarget[]) => void;
}) {
  if (outcomes.length === 0) return null;
  const refused = outcomes.filter((o) => o.code === 'NETWORK_HAS_ENDPOINTS');
  return (
    <div
      className="space-y-1 rounded border bg-white p-3 text-sm"
      role="status"
      data-testid="remove-report"
    >
      {outcomes.map((o) => (
        <p
          key={`${o.network}-${o.host}`}
          className={o.ok ? 'text-green-700' : 'text-red-700'}
          data-testid={`remove-result-${o.host}-${o.network}`}
          data-ok={String(o.ok)}
        >
          {o.host}: {o.ok ? summary(o) : o.error}
        </p>
      ))}
      {refused.length > 0 && (
        <button
          type="button"
          className="rounded bg-red-700 px-2 py-1 text-white"
          data-testid="remove-disconnect-all"
          onClick={() => onRetry(refused.map((o) => ({ network: o.network })))}
        >
          Disconnect all and remove
        </button>
      )}
    </div>
  );
}

/** A successful host's line. */
function summary(o: RemoveOutcome): string {
  if (!o.removed) return o.error ?? `${o.network} was already gone`;
  const parts = [`${o.network} removed`];
  if (o.disconnected.length) parts.push(`disconnected ${o.disconnected.join(', ')}`);
  if (o.removedLinks.length) parts.push(`deleted ${o.removedLinks.join(', ')}`);
  return parts.join('; ');
}

'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';

// The network across hosts on its page: each host's subnets, addresses held
// on two hosts of the same segment, and adding the network to one more host.

type Span = NonNullable<ReturnType<typeof useSpan>['span']['data']>;
type AddHost = ReturnType<typeof useSpan>['addHost'];

/** The span query, the fleet's hosts, and the "add to host" mutation (which refreshes the lists it changes). */
function useSpan(network: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const hosts = useQuery(trpc.fleet.list.queryOptions());
  const span = useQuery(trpc.networks.span.queryOptions({ network }));
  const addHost = useMutation(
    trpc.networks.addHost.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.networks.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.networks.span.queryKey() }),
        ]),
    }),
  );
  return { hosts, span, addHost };
}

/** Each member host with its subnets: a range, or the whole subnet. */
function SpanMembers({ members }: { members: Span['members'] }) {
  return (
    <table>
      <tbody>
        {members.map((m) => (
          <tr key={m.hostId} data-testid={`span-member-${m.host}`}>
            <td className="pr-3">{m.host}</td>
            <td className="font-mono">
              {m.subnets
                .map((s) => `${s.subnet}: ${s.ipRange ? `range ${s.ipRange}` : 'whole subnet'}`)
                .join(', ')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** An alert per address used on two hosts, naming its holders and the fix. */
function Duplicates({ duplicates }: { duplicates: Span['duplicates'] }) {
  return duplicates.map((d) => (
    <p
      key={d.address}
      className="mt-1 font-medium text-red-700"
      role="alert"
      data-testid="span-duplicate"
      data-address={d.address}
    >
      {d.address} is used on {new Set(d.holders.map((h) => h.host)).size} hosts of this L2 segment:{' '}
      {d.holders.map((h) => `${h.container} on ${h.host}`).join(', ')}. Disconnect one and reconnect
      it without a static address (or with a free one).
    </p>
  ));
}

/** The picker of hosts that do not hold the network yet, and the button that adds it to the chosen one. */
function AddToHost(props: {
  network: string;
  others: { id: string; name: string }[];
  addHost: AddHost;
}) {
  const [target, setTarget] = useState('');
  return (
    <div className="mt-2 flex items-center gap-2">
      <select
        value={target}
        onChange={(e) => setTarget(e.target.value)}
        className="rounded border px-1 py-0.5"
        aria-label="Add to host"
        data-testid="span-add-host"
      >
        <option value="">add to host…</option>
        {props.others.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={!target || props.addHost.isPending}
        className="rounded border border-slate-300 px-2 py-0.5 disabled:opacity-50"
        data-testid="span-add-submit"
        onClick={() => props.addHost.mutate({ hostId: target, network: props.network })}
      >
        Add to this host
      </button>
    </div>
  );
}

/** How the last "add to host" went. Outside the picker: once added, the host is a member and the picker may have nothing left to offer. */
function AddOutcome({ addHost }: { addHost: AddHost }) {
  return (
    <>
      {addHost.error && (
        <p className="text-red-700" data-testid="span-add-error">
          {errorText(addHost.error)}
        </p>
      )}
      {addHost.data && (
        <p className="text-green-700" data-testid="span-add-ok">
          added, {addHost.data.lease.host}: whole subnet, addresses from its own blocks in{' '}
          {addHost.data.lease.store}
        </p>
      )}
    </>
  );
}

/** The network across hosts: each host's subnets, addresses held on two hosts (flagged), and "add to host". */
export function SpanPanel({ network }: { network: string }) {
  const { hosts, span, addHost } = useSpan(network);
  if (span.error) return <p className="text-xs text-red-700">{errorText(span.error)}</p>;
  if (!span.data) return null;
  const { members, duplicates, unreachable } = span.data;
  const others = (hosts.data ?? []).filter((h) => !members.some((m) => m.hostId === h.id));
  return (
    <div className="text-xs" data-testid={`span-${network}`}>
      <h3 className="font-medium">Across hosts</h3>
      <SpanMembers members={members} />
      <Duplicates duplicates={duplicates} />
      {unreachable.length > 0 && (
        <p className="text-amber-700">Not checked: {unreachable.join(', ')} did not answer.</p>
      )}
      {others.length > 0 && <AddToHost network={network} others={others} addHost={addHost} />}
      <AddOutcome addHost={addHost} />
    </div>
  );
}

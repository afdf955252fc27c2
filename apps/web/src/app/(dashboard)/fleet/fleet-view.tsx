'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { HostForm } from './host-form';
import { HostStatusBadge } from './host-status';

/** Hosts, their live state, and the add/edit/remove forms. */
export function FleetView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Polled so "next try in N s" counts down; state changes also arrive live.
  const hosts = useQuery({ ...trpc.fleet.list.queryOptions(), refetchInterval: 2000 });
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.fleet.list.queryKey() });
  const remove = useMutation(trpc.fleet.remove.mutationOptions({ onSuccess: invalidate }));

  return (
    <section className="space-y-4">
      <div className="flex items-center gap-3">
        <h1 className="text-lg font-semibold">Fleet</h1>
        <button
          type="button"
          className="rounded bg-slate-900 px-3 py-1 text-sm text-white"
          onClick={() => setEditing('new')}
          data-testid="host-add"
        >
          Add host
        </button>
      </div>
      {editing === 'new' && (
        <HostForm
          onDone={() => {
            setEditing(null);
            void invalidate();
          }}
        />
      )}
      {hosts.error && (
        <p className="text-red-700" role="alert">
          {errorText(hosts.error)}
        </p>
      )}
      {remove.error && (
        <p className="text-red-700" role="alert">
          {errorText(remove.error)}
        </p>
      )}
      <table className="w-full border-collapse bg-white text-sm" data-testid="host-table">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Host</th>
            <th className="p-2">Address</th>
            <th className="p-2">State</th>
            <th className="p-2">Last seen</th>
            <th className="p-2">Kernel</th>
            <th className="p-2">Capabilities</th>
            <th className="p-2">Agent</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {hosts.data?.length === 0 && (
            <tr>
              <td colSpan={8} className="p-4 text-slate-500" data-testid="fleet-empty">
                No hosts yet. Add one with its agent socket or ws:// address and token.
              </td>
            </tr>
          )}
          {hosts.data?.map((host) => (
            <FleetRow
              key={host.id}
              host={host}
              editing={editing === host.id}
              onEdit={() => setEditing(editing === host.id ? null : host.id)}
              onDone={() => {
                setEditing(null);
                void invalidate();
              }}
              onRemove={() => {
                if (
                  window.confirm(
                    `Remove ${host.name} from the fleet? Its networks stay on the host; the dashboard stops showing them.`,
                  )
                )
                  remove.mutate({ id: host.id });
              }}
            />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function FleetRow({
  host,
  editing,
  onEdit,
  onDone,
  onRemove,
}: {
  host: {
    id: string;
    name: string;
    address: string;
    hasTlsCa: boolean;
    source: string;
    status: string;
    summary: string | null;
    lastSeen: number | null;
    info: {
      kernel: string;
      version: string;
      hostname: string;
      capabilities: Record<string, unknown>;
    } | null;
  };
  editing: boolean;
  onEdit: () => void;
  onDone: () => void;
  onRemove: () => void;
}) {
  return (
    <>
      <tr
        className="border-b align-top"
        data-testid={`host-row-${host.name}`}
        data-status={host.status}
      >
        <td className="p-2 font-medium">
          {host.name}
          {host.source === 'lab' && (
            <span className="ml-2 rounded bg-slate-100 px-1 text-xs text-slate-600">lab</span>
          )}
        </td>
        <td className="p-2 font-mono text-xs">{host.address}</td>
        <td className="p-2">
          <HostStatusBadge
            status={host.status}
            summary={host.summary}
            testId={`host-status-${host.name}`}
          />
        </td>
        <td className="p-2 text-xs text-slate-500">
          {host.lastSeen ? new Date(host.lastSeen).toLocaleTimeString() : 'never'}
        </td>
        <td className="p-2 font-mono text-xs" data-testid={`host-kernel-${host.name}`}>
          {host.info?.kernel ?? '–'}
        </td>
        <td className="p-2 text-xs" data-testid={`host-caps-${host.name}`}>
          {host.info ? capabilityText(host.info.capabilities) : '–'}
        </td>
        <td className="p-2 text-xs">{host.info?.version ?? '–'}</td>
        <td className="space-x-2 whitespace-nowrap p-2 text-right">
          <button
            type="button"
            className="text-sm underline"
            onClick={onEdit}
            data-testid={`host-edit-${host.name}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="text-sm text-red-700 underline"
            onClick={onRemove}
            data-testid={`host-remove-${host.name}`}
          >
            Remove
          </button>
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={8} className="bg-slate-50 p-2">
            <HostForm host={host} onDone={onDone} />
          </td>
        </tr>
      )}
    </>
  );
}

/** "ipvlan ✓ 8021q ✓ dummy ✗" from whatever the agent's probe reports. */
function capabilityText(caps: Record<string, unknown>): string {
  const entries = Object.entries(caps).filter(([, v]) => typeof v === 'boolean');
  if (entries.length === 0) return Object.keys(caps).join(', ') || '–';
  return entries.map(([k, v]) => `${k} ${v ? '✓' : '✗'}`).join('  ');
}

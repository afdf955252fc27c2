'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TableHead } from '~/components/table-head';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { HostForm } from './lazy-host-form';
import { HostRow, type FleetHost } from './host-row';
import { RemoveHostDialog } from './remove-host-dialog';

const COLUMNS = ['Host', 'Address', 'State', 'Last seen', 'Kernel', 'Capabilities', 'Agent', ''];

/** Hosts, their live state, and the add/edit/remove forms. */
export function FleetView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Polled so "next try in N s" counts down; state changes also arrive live.
  const hosts = useQuery({ ...trpc.fleet.list.queryOptions(), refetchInterval: 2000 });
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.fleet.list.queryKey() });
  const done = () => {
    setEditing(null);
    void invalidate();
  };
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
      {editing === 'new' && <HostForm onDone={done} />}
      {hosts.error && (
        <p className="text-red-700" role="alert">
          {errorText(hosts.error)}
        </p>
      )}
      <HostTable hosts={hosts.data} editing={editing} setEditing={setEditing} onDone={done} />
    </section>
  );
}

/** The hosts' table; Edit opens the form under its row, Remove asks first in a dialog. */
function HostTable(props: {
  hosts: FleetHost[] | undefined;
  editing: string | null;
  setEditing: (id: string | null) => void;
  onDone: () => void;
}) {
  const [removing, setRemoving] = useState<FleetHost | null>(null);
  const { hosts, editing } = props;
  return (
    <>
      <table className="w-full border-collapse bg-white text-sm" data-testid="host-table">
        <TableHead columns={COLUMNS} />
        <tbody>
          {hosts?.length === 0 && (
            <tr>
              <td colSpan={8} className="p-4 text-slate-500" data-testid="fleet-empty">
                No hosts yet. Add one with its agent socket or ws:// address and token.
              </td>
            </tr>
          )}
          {hosts?.map((host) => (
            <HostRow
              key={host.id}
              host={host}
              editing={editing === host.id}
              onEdit={() => props.setEditing(editing === host.id ? null : host.id)}
              onDone={props.onDone}
              onRemove={() => setRemoving(host)}
            />
          ))}
        </tbody>
      </table>
      {removing && <RemoveHostDialog host={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

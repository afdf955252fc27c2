'use client';

import type { inferRouterOutputs } from '@trpc/server';
import type { Container } from '@underlay/core';
import { useState } from 'react';
import { TableHead } from '~/components/table-head';
import type { AppRouter } from '~/server/api/root';
import { RemoveContainerDialog, type ContainerTarget } from './remove-container-dialog';

type HostContainers = inferRouterOutputs<AppRouter>['containers']['list'][number];

/** Containers per host (a host that did not answer says why); Remove asks first, in a dialog. */
export function ContainerTable({ hosts }: { hosts: HostContainers[] }) {
  const [removing, setRemoving] = useState<ContainerTarget | null>(null);
  return (
    <>
      <table className="w-full border-collapse bg-white text-sm" data-testid="container-table">
        <TableHead columns={['Host', 'Name', 'Namespace', 'Origin', '']} />
        <tbody>
          {hosts.map((o) =>
            o.ok ? (
              o.value.map((c) => (
                <ContainerRow
                  key={`${o.hostId}/${c.name}`}
                  host={o.host}
                  container={c}
                  onRemove={() => setRemoving({ hostId: o.hostId, host: o.host, container: c })}
                />
              ))
            ) : (
              <tr key={o.hostId}>
                <td className="p-2">{o.host}</td>
                <td colSpan={4} className="p-2 text-amber-700">
                  {o.error}
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
      {removing && <RemoveContainerDialog target={removing} onClose={() => setRemoving(null)} />}
    </>
  );
}

/** One container: host, name, its namespace ("own, same name" when underlay made it), origin. */
function ContainerRow(props: { host: string; container: Container; onRemove: () => void }) {
  const { host, container: c } = props;
  return (
    <tr className="border-b" data-testid={`container-row-${host}-${c.name}`}>
      <td className="p-2">{host}</td>
      <td className="p-2 font-medium">{c.name}</td>
      <td className="p-2 font-mono text-xs" data-netns={c.netns}>
        {c.netns === c.name ? (
          <span className="font-sans text-slate-500">own, same name</span>
        ) : (
          c.netns
        )}
      </td>
      <td className="p-2">{c.origin}</td>
      <td className="p-2 text-right">
        <button
          type="button"
          className="text-red-700 underline"
          data-testid={`container-remove-${host}-${c.name}`}
          onClick={props.onRemove}
        >
          Remove
        </button>
      </td>
    </tr>
  );
}

'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { TableHead } from '~/components/table-head';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { DisconnectDialog, type DisconnectTarget } from './disconnect-dialog';
import { endpointRows, type EndpointRow } from './endpoint-rows';

// Every container's links across the fleet, from the same host snapshots the
// topology draws (refreshed by the live events feed), with `network
// disconnect` per row. The MAC is the one the agent read inside the
// container's namespace when it connected the link.

const COLUMNS = ['Host', 'Container', 'Network', 'Interface', 'IPv4', 'IPv6', 'MAC', ''];

/** Endpoints with their addresses and MAC; disconnect after a confirmation. */
export function EndpointsTable() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.topology.hosts.queryOptions());
  // The topology names hosts (its ids are names, stable across re-registration); calls take the registry id.
  const fleet = useQuery(trpc.fleet.list.queryOptions());
  const registryId = new Map((fleet.data ?? []).map((h) => [h.name, h.id]));
  const [target, setTarget] = useState<DisconnectTarget | null>(null);
  const rows = endpointRows(hosts.data ?? []);
  return (
    <section className="space-y-2">
      <h2 className="font-semibold">Endpoints</h2>
      <p className="text-xs text-slate-500">
        An ipvlan link has its parent&apos;s MAC (the kernel tells containers apart by IP), so the
        containers of one host show one MAC.
      </p>
      {hosts.error && <p className="text-red-700">{errorText(hosts.error)}</p>}
      <table className="w-full border-collapse bg-white text-sm" data-testid="endpoint-table">
        <TableHead columns={COLUMNS} />
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={8} className="p-2 text-slate-500">
                {hosts.isPending ? 'loading…' : 'No container is connected to a network.'}
              </td>
            </tr>
          )}
          {rows.map((row) => (
            <EndpointLine
              key={`${row.host}-${row.endpoint.container}-${row.network}`}
              row={row}
              hostId={registryId.get(row.host)}
              busy={target !== null}
              onDisconnect={(hostId) => setTarget({ hostId, row })}
            />
          ))}
        </tbody>
      </table>
      {target && <DisconnectDialog target={target} onClose={() => setTarget(null)} />}
    </section>
  );
}

/** One endpoint's row; Disconnect is off while its host is offline or unknown to the registry. */
function EndpointLine(props: {
  row: EndpointRow;
  hostId: string | undefined;
  busy: boolean;
  onDisconnect: (hostId: string) => void;
}) {
  const { host, online, network, endpoint: e } = props.row;
  const key = `${host}-${e.container}-${network}`;
  const { hostId } = props;
  return (
    <tr className="border-b" data-testid={`endpoint-row-${key}`}>
      <td className="p-2">{host}</td>
      <td className="p-2 font-medium">{e.container}</td>
      <td className="p-2">{network}</td>
      <td className="p-2 font-mono text-xs">{e.ifname}</td>
      <td className="p-2 font-mono text-xs" data-testid="ep-ipv4">
        {e.ipv4Address ?? ''}
      </td>
      <td className="p-2 font-mono text-xs" data-testid="ep-ipv6">
        {e.ipv6Address ?? ''}
      </td>
      <td className="p-2 font-mono text-xs" data-testid="ep-mac">
        {e.mac ?? ''}
      </td>
      <td className="p-2 text-right">
        <button
          type="button"
          className="text-red-700 underline disabled:opacity-50"
          disabled={!online || !hostId || props.busy}
          data-testid={`endpoint-disconnect-${key}`}
          title={online ? undefined : `${host} is offline`}
          onClick={() => hostId !== undefined && props.onDisconnect(hostId)}
        >
          Disconnect
        </button>
      </td>
    </tr>
  );
}

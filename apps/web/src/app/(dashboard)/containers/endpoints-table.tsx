'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { HostView } from '@underlay/core';
import { errorText } from '~/lib/client-errors';
import { endpointGroups } from '~/lib/matrix-endpoints';
import { useTRPC } from '~/trpc/react';
import { useRefreshEndpoints } from './refresh-endpoints';

// Every container's links across the fleet, from the same host snapshots the
// topology draws (refreshed by the live events feed), with `network
// disconnect` per row. The MAC is the one the agent read inside the
// container's namespace when it connected the link.

/** Every endpoint, by host, container and network name. */
function endpointRows(hosts: readonly HostView[]) {
  return endpointGroups(hosts)
    .flatMap(({ host, online, network, endpoints }) =>
      endpoints.map(({ endpoint }) => ({ host, online, network, endpoint })),
    )
    .sort(
      (a, b) =>
        a.host.localeCompare(b.host) ||
        a.endpoint.container.localeCompare(b.endpoint.container) ||
        a.network.localeCompare(b.network),
    );
}

/** Endpoints with their addresses and MAC; disconnect after a confirmation. */
export function EndpointsTable() {
  const trpc = useTRPC();
  const hosts = useQuery(trpc.topology.hosts.queryOptions());
  // The topology names hosts (its ids are names, stable across re-registration); calls take the registry id.
  const fleet = useQuery(trpc.fleet.list.queryOptions());
  const registryId = new Map((fleet.data ?? []).map((h) => [h.name, h.id]));
  const refresh = useRefreshEndpoints();
  const disconnect = useMutation(trpc.networks.disconnect.mutationOptions({ onSuccess: refresh }));
  const rows = endpointRows(hosts.data ?? []);

  return (
    <section className="space-y-2">
      <h2 className="font-semibold">Endpoints</h2>
      <p className="text-xs text-slate-500">
        An ipvlan link has its parent&apos;s MAC (the kernel tells containers apart by IP), so the
        containers of one host show one MAC.
      </p>
      {hosts.error && <p className="text-red-700">{errorText(hosts.error)}</p>}
      {disconnect.error && (
        <p className="text-red-700" data-testid="ep-error">
          {errorText(disconnect.error)}
        </p>
      )}
      <table className="w-full border-collapse bg-white text-sm" data-testid="endpoint-table">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Host</th>
            <th className="p-2">Container</th>
            <th className="p-2">Network</th>
            <th className="p-2">Interface</th>
            <th className="p-2">IPv4</th>
            <th className="p-2">IPv6</th>
            <th className="p-2">MAC</th>
            <th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={8} className="p-2 text-slate-500">
                {hosts.isPending ? 'loading…' : 'No container is connected to a network.'}
              </td>
            </tr>
          )}
          {rows.map(({ host, online, network, endpoint: e }) => {
            const key = `${host}-${e.container}-${network}`;
            const hostId = registryId.get(host);
            return (
              <tr key={key} className="border-b" data-testid={`endpoint-row-${key}`}>
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
                    disabled={!online || !hostId || disconnect.isPending}
                    data-testid={`endpoint-disconnect-${key}`}
                    title={online ? undefined : `${host} is offline`}
                    onClick={() =>
                      window.confirm(
                        `Disconnect ${e.container} from ${network} on ${host}? Its link ${e.ifname} is deleted and its addresses are released.`,
                      ) &&
                      hostId !== undefined &&
                      disconnect.mutate({ hostId, request: { network, container: e.container } })
                    }
                  >
                    Disconnect
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

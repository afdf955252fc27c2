'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import type { HostView } from '@underlay/core';
import { errorText } from '~/lib/client-errors';
import { useTRPC } from '~/trpc/react';
import { useRefreshEndpoints } from './refresh-endpoints';

// Every container's links across the fleet, from the same host snapshots the
// topology draws (refreshed by the live events feed), with `network
// disconnect` per row. The MAC is the one the agent read inside the
// container's namespace when it connected the link.

interface Row {
  host: string;
  online: boolean;
  container: string;
  network: string;
  ifname: string;
  ipv4?: string | undefined;
  ipv6?: string | undefined;
  mac?: string | undefined;
}

/** One row per endpoint, by host, container and network name. */
export function endpointRows(hosts: readonly HostView[]): Row[] {
  return hosts
    .flatMap((h) => {
      const names = new Map(h.snapshot.networks.map((n) => [n.id, n.name]));
      return h.snapshot.endpoints.map((e) => ({
        host: h.name,
        online: h.online,
        container: e.container,
        network: names.get(e.networkId) ?? e.networkId,
        ifname: e.ifname,
        ipv4: e.ipv4Address,
        ipv6: e.ipv6Address,
        mac: e.mac,
      }));
    })
    .sort((a, b) => a.host.localeCompare(b.host) || a.container.localeCompare(b.container) || a.network.localeCompare(b.network));
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
      <p className="text-xs text-slate-500">An ipvlan link has its parent&apos;s MAC (the kernel tells containers apart by IP), so the containers of one host show one MAC.</p>
      {hosts.error && <p className="text-red-700">{errorText(hosts.error)}</p>}
      {disconnect.error && <p className="text-red-700" data-testid="ep-error">{errorText(disconnect.error)}</p>}
      <table className="w-full border-collapse bg-white text-sm" data-testid="endpoint-table">
        <thead>
          <tr className="border-b text-left text-slate-500">
            <th className="p-2">Host</th><th className="p-2">Container</th><th className="p-2">Network</th><th className="p-2">Interface</th>
            <th className="p-2">IPv4</th><th className="p-2">IPv6</th><th className="p-2">MAC</th><th className="p-2" />
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr><td colSpan={8} className="p-2 text-slate-500">{hosts.isPending ? 'loading…' : 'No container is connected to a network.'}</td></tr>
          )}
          {rows.map((r) => {
            const key = `${r.host}-${r.container}-${r.network}`;
            const hostId = registryId.get(r.host);
            return (
              <tr key={key} className="border-b" data-testid={`endpoint-row-${key}`}>
                <td className="p-2">{r.host}</td><td className="p-2 font-medium">{r.container}</td><td className="p-2">{r.network}</td>
                <td className="p-2 font-mono text-xs">{r.ifname}</td>
                <td className="p-2 font-mono text-xs" data-testid="ep-ipv4">{r.ipv4 ?? ''}</td>
                <td className="p-2 font-mono text-xs" data-testid="ep-ipv6">{r.ipv6 ?? ''}</td>
                <td className="p-2 font-mono text-xs" data-testid="ep-mac">{r.mac ?? ''}</td>
                <td className="p-2 text-right">
                  <button type="button" className="text-red-700 underline disabled:opacity-50" disabled={!r.online || !hostId || disconnect.isPending} data-testid={`endpoint-disconnect-${key}`}
                    title={r.online ? undefined : `${r.host} is offline`}
                    onClick={() =>
                      window.confirm(`Disconnect ${r.container} from ${r.network} on ${r.host}? Its link ${r.ifname} is deleted and its addresses are released.`) &&
                      hostId !== undefined &&
                      disconnect.mutate({ hostId, request: { network: r.network, container: r.container } })
                    }>
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

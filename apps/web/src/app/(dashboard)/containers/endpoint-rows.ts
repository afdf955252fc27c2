import type { HostView } from '@underlay/core';
import { endpointGroups } from '~/lib/matrix-endpoints';

/** One endpoint as the Containers page lists it. */
export type EndpointRow = ReturnType<typeof endpointRows>[number];

// The endpoints table and the remove-container dialog list the same rows.
/** Every endpoint, by host, container and network name. */
export function endpointRows(hosts: readonly HostView[]) {
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

/** The addresses an endpoint holds, for a dialog's list ("none" when it has none). */
export function addressText(e: EndpointRow['endpoint']): string {
  return [e.ipv4Address, e.ipv6Address].filter(Boolean).join(', ') || 'no address';
}

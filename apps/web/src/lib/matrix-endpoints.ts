import type { Endpoint, EndpointRef, HostView } from '@underlay/core';

// The fleet's endpoints grouped by host and network: the matrix page's picker
// and the Containers page's endpoint table.

export interface PickableEndpoint {
  ref: EndpointRef;
  container: string;
  address: string;
  /** The agent's record: interface, addresses, MAC. */
  endpoint: Endpoint;
}

export interface EndpointGroup {
  host: string;
  online: boolean;
  network: string;
  vlanId: number | undefined;
  endpoints: PickableEndpoint[];
}

/** One group per (host, network) that has endpoints. */
export function endpointGroups(fleet: readonly HostView[]): EndpointGroup[] {
  return fleet.flatMap((host) =>
    host.snapshot.networks
      .map((network) => ({
        host: host.name,
        online: host.online,
        network: network.name,
        vlanId: network.vlanId,
        endpoints: host.snapshot.endpoints
          .filter((e) => e.networkId === network.id)
          .map((e) => ({
            ref: { hostId: host.id, endpointId: e.id },
            container: e.container,
            address: [e.ipv4Address, e.ipv6Address].filter(Boolean).join(' '),
            endpoint: e,
          })),
      }))
      .filter((g) => g.endpoints.length > 0),
  );
}

/** Key of one endpoint, for selection sets. */
export const refKey = (ref: EndpointRef): string => `${ref.hostId}/${ref.endpointId}`;

/** Key of an ordered pair. */
export const pairKey = (from: EndpointRef, to: EndpointRef): string =>
  `${refKey(from)}>${refKey(to)}`;

/** Every endpoint on networks with VLAN id `vlanId`, across hosts. */
export const refsOnVlan = (groups: readonly EndpointGroup[], vlanId: number): EndpointRef[] =>
  groups.filter((g) => g.vlanId === vlanId).flatMap((g) => g.endpoints.map((e) => e.ref));

import {
  SHARE_LABEL,
  type BgpConfig,
  type Endpoint,
  type HostShim,
  type Network,
} from '@underlay/core';
import { getSetting, listShims } from '../store';
import type { ServiceDeps } from './deps';

// `network inspect` in Docker's shape (NetworkResource), so scripts written
// for `docker network inspect` read it, plus underlay's own fields.

const bigToJson = (n: bigint): number | string =>
  n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();

/** Docker's IPAM.Config entries. */
function ipamConfig(network: Network) {
  return network.subnets.map((s) => ({
    Subnet: s.subnet,
    // Docker shows an internal network's gateway too, though no route uses it.
    ...(s.gateway || s.reservedGateway ? { Gateway: s.gateway ?? s.reservedGateway } : {}),
    ...(s.ipRange ? { IPRange: s.ipRange } : {}),
    ...(Object.keys(s.auxAddresses).length ? { AuxiliaryAddresses: s.auxAddresses } : {}),
  }));
}

/** Docker's Containers map, keyed by container (underlay's containers have names, not ids). */
function containersOf(endpoints: Endpoint[]) {
  return Object.fromEntries(
    endpoints.map((e) => [
      e.container,
      {
        Name: e.container,
        EndpointID: e.id,
        MacAddress: e.mac ?? '',
        IPv4Address: e.ipv4Address ?? '',
        IPv6Address: e.ipv6Address ?? '',
      },
    ]),
  );
}

/** Per-subnet usage (Docker's Status.IPAM.Subnets). */
function usageOf(deps: ServiceDeps, network: Network) {
  try {
    const usage = deps.ipam.usage(network.id);
    return Object.fromEntries(
      Object.entries(usage).map(([cidr, u]) => [
        cidr,
        { IPsInUse: bigToJson(u.ipsInUse), DynamicIPsAvailable: bigToJson(u.dynamicIpsAvailable) },
      ]),
    );
  } catch {
    return {};
  }
}

/** underlay's own: the network's share of its parent's host shim, or null without one. */
function hostShimOf(deps: ServiceDeps, network: Network) {
  const shim: HostShim | undefined = listShims(deps.db).find((s) => s.networkId === network.id);
  return shim
    ? {
        Name: shim.ifname,
        IPv4Address: shim.ipv4Address ?? '',
        IPv6Address: shim.ipv6Address ?? '',
      }
    : null;
}

/** underlay's own: whether the network's subnets are shared with the fleet (route distribution) and announced by BGP. */
function l3StateOf(deps: ServiceDeps, network: Network) {
  const l3 = network.mode !== 'l2' && !network.internal;
  return {
    Distributed: l3 && network.labels[SHARE_LABEL] === 'share',
    Announced: l3 && getSetting<BgpConfig>(deps.db, 'bgp')?.enabled === true,
  };
}

/** One network as `docker network inspect` prints it. */
export function inspectNetwork(deps: ServiceDeps, network: Network, endpoints: Endpoint[]) {
  return {
    Name: network.name,
    Id: network.id,
    Created: network.created,
    Scope: 'local' as const,
    Driver: 'ipvlan' as const,
    EnableIPv4: network.ipv4,
    EnableIPv6: network.ipv6,
    IPAM: { Driver: 'default' as const, Options: {}, Config: ipamConfig(network) },
    Internal: network.internal,
    Attachable: false,
    Ingress: false,
    ConfigFrom: { Network: '' },
    ConfigOnly: false,
    Containers: containersOf(endpoints.filter((e) => e.networkId === network.id)),
    Options: network.options,
    Labels: network.labels,
    Status: { IPAM: { Subnets: usageOf(deps, network) } },
    Mode: network.mode,
    Flag: network.flag,
    Parent: network.parent,
    ParentKind: network.parentKind,
    VlanId: network.vlanId ?? null,
    Degraded: network.status === 'degraded',
    HostShim: hostShimOf(deps, network),
    L3: l3StateOf(deps, network),
    // Only with a fleet store, so an agent without one shows exactly Docker's fields and its own as before.
    ...(deps.fleet?.enabled ? { FleetIpam: deps.fleet.segmentsOf(network) } : {}),
  };
}

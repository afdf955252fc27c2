import { DomainError, issue } from '../errors';
import type { Family } from '../ip/address';
import { cidrContains, parseCidr } from '../ip/cidr';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import type { KernelOp } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';

type RouteOp = Extract<KernelOp, { op: 'routeReplace' }>;
export type EndpointAddresses = {
  ipv4Address?: string | undefined;
  ipv6Address?: string | undefined;
};

/** Addresses of an endpoint as `[family, addr/prefix]`, IPv4 first. */
export function addressesOf(addresses: EndpointAddresses): [Family, string][] {
  const list: [Family, string][] = [];
  if (addresses.ipv4Address) list.push([4, addresses.ipv4Address]);
  if (addresses.ipv6Address) list.push([6, addresses.ipv6Address]);
  return list;
}

// Docker (ipvlan_joinleave.go) matches each address to the network subnet
// that contains it and uses that subnet's gateway; none found is an error.
function gatewayFor(network: Network, family: Family, address: string): string | undefined {
  const cidr = parseCidr(address);
  const field = family === 4 ? 'ipv4Address' : 'ipv6Address';
  if (!cidr || cidr.family !== family) {
    throw new DomainError(
      issue(
        'INVALID_ADDRESS',
        [field],
        `"${address}" is not an IPv${family} address in addr/prefix form.`,
      ),
    );
  }
  const subnet = network.subnets.find((s) => {
    const block = parseCidr(s.subnet);
    return block !== null && cidrContains(block, { family, value: cidr.written });
  });
  if (!subnet) {
    throw new DomainError(
      issue(
        'ADDRESS_OUTSIDE_SUBNET',
        [field],
        `${address} is in none of network ${network.name}'s subnets.`,
        'Pick an address inside one of its --subnet values.',
      ),
    );
  }
  return subnet.gateway;
}

// L2: `default via GW dev ethN` per family with a gateway. L3/L3S: the parent
// routes for its children, so `default dev ethN`, no next hop, per family with
// an address. Internal networks: none. A dummy parent gets the same routes as any
// other (the seed's ipnet210: its L3 subnets meet through `default dev eth0`); the
// dummy has no wire, so the network stays isolated from outside the host anyway.
/** The default routes an endpoint with these addresses gets on `network`, as routeReplace ops inside `netns`. */
export function defaultRoutes(
  network: Network,
  addresses: EndpointAddresses,
  dev: string,
  netns: string,
): RouteOp[] {
  if (network.internal) return [];
  return addressesOf(addresses).flatMap(([family, address]): RouteOp[] => {
    if (network.mode !== 'l2') return [{ op: 'routeReplace', netns, family, dst: 'default', dev }];
    const via = gatewayFor(network, family, address);
    return via ? [{ op: 'routeReplace', netns, family, dst: 'default', via, dev }] : [];
  });
}

// One default route per family per namespace: like libnetwork's single
// gateway endpoint, the first endpoint (in the agent's order) that gives a
// family a default route keeps it; later ones get only their connected route.
/** The endpoint of `container` that holds the default route of `family`, if any. */
export function defaultRouteHolder(
  snapshot: HostSnapshot,
  container: string,
  family: Family,
  except?: string,
): Endpoint | undefined {
  return snapshot.endpoints.find((e) => {
    if (e.container !== container || e.id === except) return false;
    const network = snapshot.networks.find((n) => n.id === e.networkId);
    return (
      network !== undefined &&
      defaultRoutes(network, e, e.ifname, e.netns).some((r) => r.family === family)
    );
  });
}

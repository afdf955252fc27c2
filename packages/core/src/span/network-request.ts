import type { IpamConfig, Network, NetworkCreateInput } from '../schemas';

// Adding a network that spans hosts to one more host sends that host the
// request the others were created from. The stored network is the resolved
// one, so its subnets go out explicitly (a default-pool IPv4 subnet included:
// the new host must join the same subnet, not pick its own) and the gateway
// only where the agent kept one (L2, not internal).

/** The create request that reproduces `network` on another host, without its ip-ranges: the new host allocates from its own fleet blocks in the whole subnet. */
export function requestFromNetwork(network: Network): NetworkCreateInput {
  const ipam: IpamConfig[] = network.subnets.map((s) => ({
    subnet: s.subnet,
    ...(s.gateway !== undefined ? { gateway: s.gateway } : {}),
    ...(Object.keys(s.auxAddresses).length ? { auxAddresses: s.auxAddresses } : {}),
  }));
  return {
    name: network.name,
    driver: 'ipvlan',
    options: network.options,
    internal: network.internal,
    ipv4: network.ipv4,
    ipv6: network.ipv6,
    ipam,
    labels: network.labels,
  };
}

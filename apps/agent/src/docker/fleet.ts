import {
  type AddressRequest,
  formatAddress,
  formatCidr,
  type Network,
  parseAddress,
  type SubnetPool,
} from '@underlay/core';
import type { ServiceDeps } from '../service/deps';
import { listNetworks } from '../store';

// The Docker plugin's share of the fleet-wide IPAM seam (issue 15): what the
// IPAM driver hands out of a pool, and what Docker's own IPAM chose
// (`docker network connect --ip` on a network with Docker's default IPAM), is
// claimed on the segment before the host's IPAM records it.

const FIELD = { 4: 'ipv4Address', 6: 'ipv6Address' } as const;

function fleetNetwork(deps: ServiceDeps, networkId: string): Network | undefined {
  if (!deps.fleet?.enabled) return undefined;
  return listNetworks(deps.db).find((n) => n.id === networkId);
}

/** One address of a pool (`value` for a static one): claimed fleet-wide first when the network is on a segment. */
export async function takePoolAddress(
  deps: ServiceDeps,
  networkId: string,
  subnet: SubnetPool,
  value?: bigint,
): Promise<bigint> {
  const network = fleetNetwork(deps, networkId);
  if (!network || !deps.fleet) {
    if (value === undefined) return subnet.allocate();
    subnet.allocateStatic(value);
    return value;
  }
  const family = subnet.cidr.family;
  const request = value === undefined ? {} : { [FIELD[family]]: formatAddress({ family, value }) };
  const claim = await deps.fleet.claim(network, request, formatCidr(subnet.cidr));
  const chosen = claim.request[FIELD[family]];
  try {
    if (chosen === undefined) return subnet.allocate();
    const picked = parseAddress(chosen)!.value;
    subnet.allocateStatic(picked);
    return picked;
  } catch (error) {
    claim.undo();
    throw error;
  }
}

/** Gives an address back to its fleet block (after the host's IPAM released it). */
export function releaseFleetAddress(deps: ServiceDeps, networkId: string, text: string): void {
  const network = fleetNetwork(deps, networkId);
  if (!network || !deps.fleet) return;
  const field = text.includes(':') ? 'ipv6Address' : 'ipv4Address';
  deps.fleet.release(network, { [field]: text });
}

/** Claims fleet-wide the addresses Docker's own IPAM chose; returns how to give them back (a no-op without a store). */
export async function claimDockerChosen(
  deps: ServiceDeps,
  network: Network,
  addresses: AddressRequest,
): Promise<() => void> {
  if (!fleetNetwork(deps, network.id) || !deps.fleet) return () => undefined;
  const plain = Object.fromEntries(
    Object.entries(addresses).map(([field, text]) => [field, text?.split('/')[0]]),
  ) as AddressRequest;
  const claim = await deps.fleet.claim(network, plain);
  return claim.undo;
}

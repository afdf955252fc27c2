import type { AddressRequest, AllocatedAddresses, Network } from '@underlay/core';
import { listNetworks } from '../store';
import type { ServiceDeps } from './deps';

// The IPAM seam of connect and disconnect. With a fleet store the addresses
// are first chosen fleet-wide (from this host's blocks, or a static one
// claimed on the segment), then recorded in the host's IPAM as static ones;
// a failure of either gives both back. Without one, this is the host's IPAM
// alone, exactly as before.

/** Takes an endpoint's addresses: fleet-wide first when a store is configured, then in the host's IPAM. */
export async function allocateAddresses(
  deps: ServiceDeps,
  network: Network,
  request: AddressRequest,
): Promise<AllocatedAddresses> {
  if (!deps.fleet?.enabled) return deps.ipam.allocateEndpoint({ network: network.id, ...request });
  const claim = await deps.fleet.claim(network, request);
  try {
    return deps.ipam.allocateEndpoint({ network: network.id, ...claim.request });
  } catch (error) {
    claim.undo();
    throw error;
  }
}

/** Gives an endpoint's addresses back, in the host's IPAM and to its fleet blocks. */
export function releaseAddresses(
  deps: ServiceDeps,
  networkId: string,
  addresses: AllocatedAddresses,
): void {
  deps.ipam.releaseEndpoint({ network: networkId, ...addresses });
  if (!deps.fleet?.enabled) return;
  const network = listNetworks(deps.db).find((n) => n.id === networkId);
  if (network) deps.fleet.release(network, addresses);
}

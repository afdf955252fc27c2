import {
  DomainError,
  formatAddress,
  formatCidr,
  issue,
  parseAddress,
  parseCidr,
  type Address,
  type Cidr,
  type SubnetPool,
} from '@underlay/core';
import type { ServiceDeps } from '../service/deps';
import { listDockerEndpoints, listPools, poolAddresses } from '../store/docker';

// Address helpers shared by both drivers: a Docker pool is one subnet of an
// underlay network, so its addresses live in that network's own IPAM (the
// agent's in-memory registry), and the plugin's tables say who holds them.

/** The canonical CIDR of a pool text, or a DomainError naming `field`. */
export function poolCidr(text: string, field: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr && cidr.network === cidr.written) return cidr;
  throw new DomainError(
    issue(
      'INVALID_SUBNET',
      [field],
      `"${text}" is not a subnet in CIDR form with no host bits set.`,
      'Give --subnet as 172.16.80.0/24 or 2001:db8:80::/64.',
    ),
  );
}

/** A plain address (a `/prefix` is accepted and dropped), or a DomainError naming `field`. */
export function plainAddress(text: string, field: string): Address {
  const address = parseAddress(text.split('/')[0] ?? '');
  if (address) return address;
  throw new DomainError(
    issue('INVALID_ADDRESS', [field], `"${text}" is not an IP address.`, 'Give e.g. 172.16.80.5.'),
  );
}

/** `addr/prefix` of an address in a pool. */
export const withPrefix = (address: Address, cidr: Cidr): string =>
  `${formatAddress(address)}/${cidr.prefix}`;

/** The network's IPAM pool for a subnet, when the network has one. */
export function subnetPool(
  deps: ServiceDeps,
  networkId: string,
  cidr: Cidr,
): SubnetPool | undefined {
  try {
    return deps.ipam.pools(networkId).find((p) => p.space.text === formatCidr(cidr));
  } catch {
    return undefined;
  }
}

/** Takes back, after an agent restart, the addresses Docker holds (IPAM hand-outs and Docker-IPAM endpoints). */
export function restoreDockerAddresses(deps: ServiceDeps): number {
  let restored = 0;
  const take = (networkId: string, text: string | undefined) => {
    const address = text ? parseAddress(text.split('/')[0] ?? '') : null;
    const cidr = text ? parseCidr(text) : null;
    const pool =
      address &&
      deps.ipam
        .pools(networkId)
        .find((p) => p.space.offsetOf(address.family, address.value) !== null);
    if (!pool || !cidr) return;
    pool.allocateStatic(address.value);
    restored++;
  };
  for (const pool of listPools(deps.db)) {
    if (!pool.networkId) continue;
    for (const text of poolAddresses(deps.db, pool.id))
      attempt(deps, () => take(pool.networkId as string, `${text}/${pool.pool.split('/')[1]}`));
  }
  for (const endpoint of listDockerEndpoints(deps.db))
    for (const field of endpoint.owned)
      attempt(deps, () => take(endpoint.networkId, endpoint[field]));
  return restored;
}

function attempt(deps: ServiceDeps, step: () => void): void {
  try {
    step();
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'docker plugin: address restore');
  }
}

import { type Cidr, cidrOverlaps, parseCidr } from '../ip';
import type { HostSnapshot } from '../schemas';

// Docker's local-scope default pools (daemon/libnetwork/ipamutils/utils.go), in
// the order it tries them: 172.17–19.0.0/16, then 172.20/14, 172.24/14 and
// 172.28/14 split into /16s, then 192.168.0.0/16 split into /20s.
const LOCAL_POOLS: { base: string; size: number }[] = [
  { base: '172.17.0.0/16', size: 16 },
  { base: '172.18.0.0/16', size: 16 },
  { base: '172.19.0.0/16', size: 16 },
  { base: '172.20.0.0/14', size: 16 },
  { base: '172.24.0.0/14', size: 16 },
  { base: '172.28.0.0/14', size: 16 },
  { base: '192.168.0.0/16', size: 20 },
];

/** Every candidate subnet of the default local pools, in Docker's order. */
export function* defaultPoolSubnets(): Generator<Cidr> {
  for (const pool of LOCAL_POOLS) {
    const base = parseCidr(pool.base);
    if (!base) continue;
    const step = 1n << BigInt(32 - pool.size);
    const count = 1n << BigInt(pool.size - base.prefix);
    for (let i = 0n; i < count; i++) {
      const network = base.network + i * step;
      yield { family: 4, network, prefix: pool.size, written: network };
    }
  }
}

/** The prefixes already in use on a host: its networks' subnets and the on-link prefixes of its addresses. */
export function hostPrefixes(snapshot: HostSnapshot): Cidr[] {
  const subnets = snapshot.networks.flatMap((n) => n.subnets.map((s) => parseCidr(s.subnet)));
  const onLink = snapshot.addresses.map((a) => parseCidr(a.address));
  return [...subnets, ...onLink].filter((c): c is Cidr => c !== null);
}

/** The first default-pool IPv4 subnet that overlaps nothing on the host, or null when the pools are exhausted. */
export function pickDefaultIpv4Subnet(snapshot: HostSnapshot, alsoTaken: Cidr[] = []): Cidr | null {
  const taken = [...hostPrefixes(snapshot), ...alsoTaken].filter((c) => c.family === 4);
  for (const candidate of defaultPoolSubnets()) {
    if (!taken.some((t) => cidrOverlaps(t, candidate))) return candidate;
  }
  return null;
}

import { cidrContains, cidrSize, parseAddress, parseCidr } from '@underlay/core';

// Usage of a network's WHOLE prefix across every host that holds it: each host
// hands out addresses from its own slice (or blocks), so one host's inspect
// counts only its slice; the fleet's view adds every host's endpoints up
// against the full subnet.

export interface PrefixUsage {
  subnet: string;
  /** Addresses in the prefix, as text (an IPv6 /64 does not fit a number). */
  size: string;
  /** Endpoint addresses inside the prefix, over all hosts. */
  used: number;
  /** Used per host name. */
  byHost: Record<string, number>;
  /** used / size as a percentage, rounded up to 1 when anything is used. */
  percent: number;
}

/** Counts `addresses` (`addr/prefix` or bare, per host) inside `subnet`. */
export function prefixUsage(
  subnet: string,
  addresses: { host: string; address: string }[],
): PrefixUsage | null {
  const cidr = parseCidr(subnet);
  if (!cidr) return null;
  const byHost: Record<string, number> = {};
  let used = 0;
  for (const { host, address } of addresses) {
    const parsed = parseAddress(address.split('/')[0] ?? '');
    if (!parsed || !cidrContains(cidr, parsed)) continue;
    used += 1;
    byHost[host] = (byHost[host] ?? 0) + 1;
  }
  const size = cidrSize(cidr);
  const exact = Number((BigInt(used) * 10_000n) / size) / 100;
  const percent = used === 0 ? 0 : Math.max(1, Math.ceil(exact));
  return { subnet, size: size.toString(), used, byHost, percent };
}

import { type Address, cidrContains, formatAddress, parseAddress, parseCidr } from '../ip';

// Each agent keeps its own hosts' addresses unique; only the hub sees two
// hosts of one L2 segment. Endpoints report `addr/prefix`: compared here by
// canonical address, so 2001:db8::0a and 2001:db8::a are one address.

/** One endpoint of a network on one host, as the hub collects them. */
export interface SpanEndpoint {
  host: string;
  container: string;
  ipv4Address?: string | undefined;
  ipv6Address?: string | undefined;
}

/** An address held on two hosts or more. */
export interface CrossHostDuplicate {
  address: string;
  holders: { host: string; container: string }[];
}

/** Canonical address of `addr` or `addr/prefix`, or null when it is not one. */
export function canonicalAddress(text: string): string | null {
  const address = parseAddress(text.split('/')[0] ?? '');
  return address ? formatAddress(address) : null;
}

const addressesOf = (e: SpanEndpoint): string[] =>
  [e.ipv4Address, e.ipv6Address].flatMap((t) =>
    t ? [canonicalAddress(t)].filter((a): a is string => a !== null) : [],
  );

/** Addresses that endpoints on different hosts both hold, with every holder. */
export function findCrossHostDuplicates(endpoints: readonly SpanEndpoint[]): CrossHostDuplicate[] {
  const byAddress = new Map<string, { host: string; container: string }[]>();
  for (const e of endpoints) {
    for (const address of addressesOf(e)) {
      const holders = byAddress.get(address) ?? [];
      holders.push({ host: e.host, container: e.container });
      byAddress.set(address, holders);
    }
  }
  return [...byAddress]
    .filter(([, holders]) => new Set(holders.map((h) => h.host)).size > 1)
    .map(([address, holders]) => ({ address, holders }));
}

/** The endpoint on a host other than `host` that holds `address`, or null. */
export function holderElsewhere(
  address: string,
  host: string,
  endpoints: readonly SpanEndpoint[],
): SpanEndpoint | null {
  const wanted = canonicalAddress(address);
  if (!wanted) return null;
  return endpoints.find((e) => e.host !== host && addressesOf(e).includes(wanted)) ?? null;
}

/** One host's --ip-range of a spanning network. */
export interface SpanRange {
  host: string;
  ipRange: string;
}

// A static address inside another host's range is free today but that host's
// agent hands it out dynamically tomorrow, unaware of this host: a duplicate
// in waiting. Statics belong in the host's own range or outside every range.
/** The range of a host other than `host` that contains `address`, or null. */
export function rangeElsewhere(
  address: string,
  host: string,
  ranges: readonly SpanRange[],
): SpanRange | null {
  const wanted = parseAddress(address.split('/')[0] ?? '');
  if (!wanted) return null;
  return ranges.find((r) => r.host !== host && inCidr(r.ipRange, wanted)) ?? null;
}

function inCidr(text: string, address: Address): boolean {
  const cidr = parseCidr(text);
  return cidr !== null && cidrContains(cidr, address);
}

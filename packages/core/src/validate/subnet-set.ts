import { type Issue, issue } from '../errors';
import { type Cidr, cidrEquals, cidrOverlaps, formatCidr, parseCidr } from '../ip';
import type { HostSnapshot } from '../schemas';
import type { CheckedEntry } from './ipam-entry';

interface SubnetSetRequest {
  entries: CheckedEntry[];
  ipv4: boolean;
  ipv6: boolean;
  snapshot: HostSnapshot;
}

/** Checks the subnets together: families against ipv4/ipv6, duplicates and overlaps inside the request and with the host's networks. */
export function subnetSetIssues(request: SubnetSetRequest): Issue[] {
  return [
    ...familyIssues(request),
    ...requestOverlapIssues(request.entries),
    ...hostOverlapIssues(request.entries, request.snapshot),
  ];
}

function familyIssues({ entries, ipv4, ipv6 }: SubnetSetRequest): Issue[] {
  const issues: Issue[] = [];
  if (!ipv4 && !ipv6)
    issues.push(
      issue(
        'INVALID_INPUT',
        ['ipv4'],
        'IPv4 and IPv6 are both disabled.',
        'Enable at least one: leave ipv4 on, or set ipv6: true (--ipv6) with an IPv6 subnet.',
      ),
    );
  issues.push(...entries.flatMap((entry) => entryFamilyIssues(entry, ipv4, ipv6)));
  // Docker would pick a ULA /64 from its IPv6 pools; underlay does not invent IPv6 prefixes.
  const someSubnetRefused = entries.some(
    (e) => e.subnet === null && e.issues.some((p) => p.path.at(-1) === 'subnet'),
  );
  if (ipv6 && !someSubnetRefused && !entries.some((e) => e.subnet?.family === 6)) {
    issues.push(
      issue(
        'NO_IPV6_SUBNET',
        ['ipv6'],
        'IPv6 is enabled but no IPv6 subnet is given.',
        'underlay requires an explicit IPv6 subnet: add one, e.g. --subnet=2001:db8:abc1::/64 (it does not allocate IPv6 prefixes from a pool).',
      ),
    );
  }
  return issues;
}

// A subnet of a family the network has turned off.
function entryFamilyIssues(entry: CheckedEntry, ipv4: boolean, ipv6: boolean): Issue[] {
  const path = ['ipam', entry.index, 'subnet'];
  const issues: Issue[] = [];
  if (entry.subnet?.family === 6 && !ipv6) {
    issues.push(
      issue(
        'IPV6_NOT_ENABLED',
        path,
        `subnet ${formatCidr(entry.subnet)} is IPv6 but IPv6 is not enabled on this network.`,
        'Add --ipv6 (ipv6: true), or remove the IPv6 subnet.',
      ),
    );
  }
  if (entry.subnet?.family === 4 && !ipv4) {
    issues.push(
      issue(
        'IPV4_DISABLED',
        path,
        `subnet ${formatCidr(entry.subnet)} is IPv4 but IPv4 is disabled (ipv4: false).`,
        'Remove the IPv4 subnet for an IPv6-only network, or drop --ipv4=false.',
      ),
    );
  }
  return issues;
}

// docker/cli refuses overlapping --subnet flags ("multiple overlapping subnet
// configuration is not supported"); the same subnet twice is how the request shape
// (one gateway and one range per entry) spells two gateways or two ranges for it.
function requestOverlapIssues(entries: CheckedEntry[]): Issue[] {
  const issues: Issue[] = [];
  entries.forEach((later, j) => {
    for (const earlier of entries.slice(0, j)) {
      if (!later.subnet || !earlier.subnet || !cidrOverlaps(later.subnet, earlier.subnet)) continue;
      issues.push(...pairIssues(earlier, later, later.subnet, earlier.subnet));
    }
  });
  return issues;
}

function pairIssues(
  earlier: CheckedEntry,
  later: CheckedEntry,
  subnet: Cidr,
  other: Cidr,
): Issue[] {
  const base = ['ipam', later.index];
  const text = formatCidr(subnet);
  if (!cidrEquals(subnet, other)) {
    return [
      issue(
        'SUBNET_OVERLAP',
        [...base, 'subnet'],
        `subnet ${text} overlaps subnet ${formatCidr(other)} (ipam[${earlier.index}]) of the same request.`,
        'Give subnets that do not overlap.',
      ),
    ];
  }
  const issues = twiceGivenIssues(earlier, later, text);
  if (issues.length) return issues;
  return [
    issue(
      'SUBNET_OVERLAP',
      [...base, 'subnet'],
      `subnet ${text} is listed twice (ipam[${earlier.index}] and ipam[${later.index}]).`,
      'Merge the two entries into one.',
    ),
  ];
}

// The same subnet in two entries, each with its own gateway or ip-range.
function twiceGivenIssues(earlier: CheckedEntry, later: CheckedEntry, text: string): Issue[] {
  const base = ['ipam', later.index];
  const issues: Issue[] = [];
  if (earlier.gateway && later.gateway) {
    issues.push(
      issue(
        'MULTIPLE_GATEWAYS',
        [...base, 'gateway'],
        `subnet ${text} is given two gateways (ipam[${earlier.index}] and ipam[${later.index}]).`,
        'Give one gateway per subnet.',
      ),
    );
  }
  if (earlier.ipRange && later.ipRange) {
    issues.push(
      issue(
        'MULTIPLE_IP_RANGES',
        [...base, 'ipRange'],
        `subnet ${text} is given two ip-ranges (${formatCidr(earlier.ipRange)} and ${formatCidr(later.ipRange)}).`,
        'Give one ip-range per subnet.',
      ),
    );
  }
  return issues;
}

// Docker's rule (TestIpvlanIPAMOverlap, moby/moby#46756): networks on one host may
// share an identical subnet only when each gives a different ip-range; they then
// share one allocator, so no address is handed out twice. Any other overlap is refused.
// One issue per requested subnet, however many it overlaps: a 10.0.0.0/8 over a
// hundred networks names the first few and the count, not a hundred lines.
function hostOverlapIssues(entries: CheckedEntry[], snapshot: HostSnapshot): Issue[] {
  const issues: Issue[] = [];
  for (const entry of entries) {
    if (!entry.subnet) continue;
    const hits = overlapsOnHost(entry, entry.subnet, snapshot);
    if (hits.length > 0) issues.push(overlapIssue(entry.index, entry.subnet, hits));
  }
  return issues;
}

interface HostOverlap {
  network: string;
  subnet: string;
  same: boolean;
}

/** The host's subnets that this entry's subnet may not overlap. */
function overlapsOnHost(entry: CheckedEntry, subnet: Cidr, snapshot: HostSnapshot): HostOverlap[] {
  const hits: HostOverlap[] = [];
  for (const network of snapshot.networks) {
    for (const existing of network.subnets) {
      const theirs = parseCidr(existing.subnet);
      if (!theirs || !cidrOverlaps(subnet, theirs)) continue;
      if (sharesAllocator(entry, theirs, existing.ipRange)) continue;
      hits.push({
        network: network.name,
        subnet: existing.subnet,
        same: cidrEquals(subnet, theirs),
      });
    }
  }
  return hits;
}

/** How many overlapping subnets one message names before it counts the rest. */
const NAMED_OVERLAPS = 3;

function overlapIssue(index: number, subnet: Cidr, hits: HostOverlap[]): Issue {
  const named = hits
    .slice(0, NAMED_OVERLAPS)
    .map((hit) => `${hit.subnet} of network "${hit.network}"`);
  const rest = hits.length - named.length;
  const list =
    rest > 0
      ? `${named.join(', ')} and ${rest} more subnet${rest === 1 ? '' : 's'} (${hits.length} in all)`
      : named.length > 1
        ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`
        : (named[0] as string);
  const hint =
    hits.length === 1 && hits[0]?.same
      ? 'Two networks may share a subnet only when each gives its own, different ip-range (--ip-range); they then share one allocator.'
      : `Choose a subnet that does not overlap ${hits.length === 1 ? 'it' : 'them'}; underlay network ls lists the networks.`;
  return issue(
    'SUBNET_OVERLAP',
    ['ipam', index, 'subnet'],
    `subnet ${formatCidr(subnet)} overlaps ${list}.`,
    hint,
  );
}

function sharesAllocator(
  entry: CheckedEntry,
  theirs: Cidr,
  theirRange: string | undefined,
): boolean {
  if (!entry.subnet || !cidrEquals(entry.subnet, theirs) || !entry.ipRange || !theirRange)
    return false;
  const other = parseCidr(theirRange);
  return !other || !cidrEquals(entry.ipRange, other);
}

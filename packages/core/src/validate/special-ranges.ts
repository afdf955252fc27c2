import { type Issue, issue } from '../errors';
import { type Cidr, cidrOverlaps, formatCidr, parseCidr } from '../ip';

// A network's subnet is handed out, address by address, to containers as
// unicast host addresses on a real link. Blocks whose addresses can never be
// that are refused, whole or in part: a subnet that overlaps one would sooner
// or later give a container an address the kernel treats specially.
// Private (RFC 1918, ULA), CGNAT (100.64.0.0/10) and the documentation
// ranges (192.0.2.0/24, 2001:db8::/32…) are allowed: they are ordinary
// unicast, and labs and tests use them.

/** A block a network may not use, and why (the message quotes `why`). */
export interface SpecialRange {
  cidr: string;
  name: string;
  why: string;
}

/** Every block a subnet may not overlap, IPv4 then IPv6 (documented in packages/core/README.md). */
export const SPECIAL_RANGES: readonly SpecialRange[] = [
  {
    cidr: '0.0.0.0/8',
    name: '"this network" (RFC 1122)',
    why: 'it is valid only as a source before a host knows its address, and 0.0.0.0 means "any"',
  },
  {
    cidr: '127.0.0.0/8',
    name: 'loopback (RFC 1122)',
    why: 'the kernel delivers it inside the host and never puts it on a link',
  },
  {
    cidr: '169.254.0.0/16',
    name: 'link-local (RFC 3927)',
    why: 'hosts assign it to themselves per link, routers never forward it, and 169.254.169.254 is the cloud metadata service',
  },
  {
    cidr: '224.0.0.0/4',
    name: 'multicast (RFC 5771)',
    why: 'its addresses name groups of receivers, not hosts, so no container can hold one',
  },
  {
    cidr: '240.0.0.0/4',
    name: 'reserved (RFC 1112) with the limited broadcast 255.255.255.255 (RFC 919)',
    why: 'routers and many stacks drop it, and 255.255.255.255 is every host of the link',
  },
  {
    cidr: '::/127',
    name: 'the unspecified and loopback addresses (RFC 4291)',
    why: ':: means "no address" and ::1 is the host itself',
  },
  {
    cidr: '::ffff:0:0/96',
    name: 'IPv4-mapped (RFC 4291)',
    why: 'these addresses stand for IPv4 peers inside a host and never appear on a link',
  },
  {
    cidr: '100::/64',
    name: 'discard-only (RFC 6666)',
    why: 'traffic to it is dropped by design',
  },
  {
    cidr: 'fe80::/10',
    name: 'link-local (RFC 4291)',
    why: 'the kernel gives every link its own fe80:: address already, and routers never forward it',
  },
  {
    cidr: 'fec0::/10',
    name: 'site-local (deprecated by RFC 3879)',
    why: 'it is deprecated and its scope is undefined',
  },
  {
    cidr: 'ff00::/8',
    name: 'multicast (RFC 4291)',
    why: 'its addresses name groups of receivers, not hosts, so no container can hold one',
  },
];

const PARSED: [Cidr, SpecialRange][] = SPECIAL_RANGES.map((range) => {
  const cidr = parseCidr(range.cidr);
  if (!cidr) throw new TypeError(`bad special range ${range.cidr}`);
  return [cidr, range];
});

/** SUBNET_RESERVED naming the first special block the subnet overlaps, or null when it overlaps none. */
export function specialRangeIssue(subnet: Cidr, text: string, path: Issue['path']): Issue | null {
  const hit = PARSED.find(([cidr]) => cidrOverlaps(cidr, subnet));
  if (!hit) return null;
  const [cidr, range] = hit;
  const where = cidr.prefix <= subnet.prefix ? `lies in ${range.cidr}` : `includes ${range.cidr}`;
  return issue(
    'SUBNET_RESERVED',
    path,
    `subnet "${text}" ${where}, the ${subnet.family === 4 ? 'IPv4' : 'IPv6'} ${range.name} range: ${range.why}.`,
    subnet.family === 4
      ? `Use a unicast block such as a private one (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16); ${formatCidr(cidr)} and the other special ranges are listed in packages/core/README.md.`
      : `Use a global or unique-local block (fd00::/8, e.g. fd12:3456:789a::/64); ${formatCidr(cidr)} and the other special ranges are listed in packages/core/README.md.`,
  );
}

import { type Issue, issue } from '../errors';
import {
  type Address,
  type Cidr,
  cidrContains,
  cidrCovers,
  cidrLast,
  formatAddress,
  formatCidr,
  parseAddress,
  parseCidr,
} from '../ip';
import type { IpamConfig } from '../schemas';
import { specialRangeIssue } from './special-ranges';

/** One `ipam[i]` entry after its own checks: parsed values, or null where the text was refused. */
export interface CheckedEntry {
  index: number;
  subnet: Cidr | null;
  gateway: Address | null;
  ipRange: Cidr | null;
  auxAddresses: Record<string, Address>;
  issues: Issue[];
}

const family = (f: 4 | 6): string => (f === 4 ? 'IPv4' : 'IPv6');

/** Checks one ipam entry on its own: syntax, host bits, size, and that gateway, range and aux addresses lie in the subnet. */
export function checkIpamEntry(entry: IpamConfig, index: number): CheckedEntry {
  const base = ['ipam', index];
  const subnet = checkSubnet(entry.subnet, [...base, 'subnet']);
  const gateway =
    entry.gateway === undefined
      ? { value: null, issues: [] }
      : checkGateway(entry.gateway, subnet.value, [...base, 'gateway']);
  const ipRange =
    entry.ipRange === undefined
      ? { value: null, issues: [] }
      : checkIpRange(entry.ipRange, subnet.value, [...base, 'ipRange']);
  const auxAddresses: Record<string, Address> = {};
  const auxIssues: Issue[] = [];
  for (const [name, text] of Object.entries(entry.auxAddresses ?? {})) {
    const aux = checkAux(name, text, subnet.value, [...base, 'auxAddresses', name]);
    if (aux.value) auxAddresses[name] = aux.value;
    auxIssues.push(...aux.issues);
  }
  return {
    index,
    subnet: subnet.value,
    gateway: gateway.value,
    ipRange: ipRange.value,
    auxAddresses,
    issues: [...subnet.issues, ...gateway.issues, ...ipRange.issues, ...auxIssues],
  };
}

interface Checked<T> {
  value: T | null;
  issues: Issue[];
}

const refused = <T>(problem: Issue): Checked<T> => ({ value: null, issues: [problem] });

// Decision for the seed's NetOps row "10.1.100.0/16" (and "172.16.50.0/22", whose
// third octet 50 is not a multiple of 4): refused, as the Docker daemon does since
// v25 ("invalid subnet …: it should be 10.1.0.0/16"). Masking silently would give
// a network other than the one written; the message names the masked form.
function checkSubnet(text: string, path: Issue['path']): Checked<Cidr> {
  const cidr = parseCidr(text);
  if (!cidr) {
    const hint = parseAddress(text)
      ? `Add the prefix length, e.g. ${text}/24.`
      : 'Write it as ADDRESS/PREFIX, e.g. 192.168.1.0/24 or 2001:db8:abc1::/64.';
    return refused(issue('INVALID_SUBNET', path, `subnet "${text}" is not a CIDR block.`, hint));
  }
  const problem =
    hostBitsIssue(cidr, text, path) ??
    singleAddressIssue(cidr, text, path) ??
    specialRangeIssue(cidr, text, path);
  return problem ? refused(problem) : { value: cidr, issues: [] };
}

function hostBitsIssue(cidr: Cidr, text: string, path: Issue['path']): Issue | null {
  if (cidr.written === cidr.network) return null;
  const masked = formatCidr(cidr);
  return issue(
    'SUBNET_HOST_BITS',
    path,
    `subnet "${text}" has host bits set: it should be ${masked}.`,
    `Use --subnet=${masked}, or a longer prefix if you meant a smaller block.`,
  );
}

function singleAddressIssue(cidr: Cidr, text: string, path: Issue['path']): Issue | null {
  if (cidr.prefix !== (cidr.family === 4 ? 32 : 128)) return null;
  const advice =
    cidr.family === 4
      ? 'Use /30 or shorter (a /31 works for two hosts, RFC 3021).'
      : 'Use /127 or shorter; /64 is usual.';
  return issue(
    'SUBNET_TOO_SMALL',
    path,
    `subnet "${text}" holds a single address, which leaves none for containers.`,
    advice,
  );
}

function checkGateway(text: string, subnet: Cidr | null, path: Issue['path']): Checked<Address> {
  const address = parseAddress(text);
  if (!address) {
    const hint = text.includes('/')
      ? 'Give the address without a prefix length, e.g. 192.168.1.1.'
      : 'Give an IPv4 or IPv6 address, e.g. 192.168.1.1.';
    return {
      value: null,
      issues: [issue('INVALID_GATEWAY', path, `gateway "${text}" is not an IP address.`, hint)],
    };
  }
  if (!subnet) return { value: address, issues: [] };
  const outside = outsideIssue('GATEWAY_OUTSIDE_SUBNET', 'gateway', text, address, subnet, path);
  if (outside) return { value: null, issues: [outside] };
  const reserved = reservedRole(address, subnet);
  if (reserved) {
    return {
      value: null,
      issues: [
        issue(
          'INVALID_GATEWAY',
          path,
          `gateway "${text}" is the ${reserved} of ${formatCidr(subnet)}.`,
          `Use a host address, e.g. ${formatAddress({ family: subnet.family, value: subnet.network + 1n })}.`,
        ),
      ],
    };
  }
  return { value: address, issues: [] };
}

// The first address (IPv4 network, IPv6 Subnet-Router anycast) and the IPv4 broadcast
// are never host addresses, except in an IPv4 /31 (RFC 3021) where both are hosts.
function reservedRole(address: Address, subnet: Cidr): string | null {
  if (subnet.family === 4 && subnet.prefix >= 31) return null;
  if (address.value === subnet.network)
    return subnet.family === 4 ? 'network address' : 'Subnet-Router anycast address';
  if (subnet.family === 4 && address.value === cidrLast(subnet)) return 'broadcast address';
  return null;
}

function checkIpRange(text: string, subnet: Cidr | null, path: Issue['path']): Checked<Cidr> {
  const range = parseCidr(text);
  if (!range)
    return refused(
      issue(
        'INVALID_IP_RANGE',
        path,
        `ip-range "${text}" is not a CIDR block.`,
        'Write it as ADDRESS/PREFIX inside the subnet, e.g. 192.168.1.128/25.',
      ),
    );
  if (range.written !== range.network)
    return refused(
      issue(
        'INVALID_IP_RANGE',
        path,
        `ip-range "${text}" has host bits set: it should be ${formatCidr(range)}.`,
        `Use --ip-range=${formatCidr(range)}.`,
      ),
    );
  const outside = subnet ? rangeOutsideIssue(text, range, subnet, path) : null;
  return outside ? refused(outside) : { value: range, issues: [] };
}

function rangeOutsideIssue(
  text: string,
  range: Cidr,
  subnet: Cidr,
  path: Issue['path'],
): Issue | null {
  if (cidrCovers(subnet, range)) return null;
  const why =
    subnet.family !== range.family
      ? `is ${family(range.family)} but the subnet ${formatCidr(subnet)} is ${family(subnet.family)}`
      : `is not inside the subnet ${formatCidr(subnet)}`;
  return issue(
    'IP_RANGE_OUTSIDE_SUBNET',
    path,
    `ip-range "${text}" ${why}.`,
    `Give a range inside ${formatCidr(subnet)} (no larger than it).`,
  );
}

function checkAux(
  name: string,
  text: string,
  subnet: Cidr | null,
  path: Issue['path'],
): Checked<Address> {
  const address = parseAddress(text);
  if (!address)
    return {
      value: null,
      issues: [
        issue(
          'INVALID_AUX_ADDRESS',
          path,
          `aux-address ${name}="${text}" is not an IP address.`,
          'Write it as NAME=ADDRESS, e.g. router=192.168.1.5.',
        ),
      ],
    };
  const outside = subnet
    ? outsideIssue(
        'AUX_ADDRESS_OUTSIDE_SUBNET',
        `aux-address ${name}=`,
        text,
        address,
        subnet,
        path,
      )
    : null;
  return outside ? { value: null, issues: [outside] } : { value: address, issues: [] };
}

function outsideIssue(
  code: 'GATEWAY_OUTSIDE_SUBNET' | 'AUX_ADDRESS_OUTSIDE_SUBNET',
  what: string,
  text: string,
  address: Address,
  subnet: Cidr,
  path: Issue['path'],
): Issue | null {
  if (cidrContains(subnet, address)) return null;
  const label = what.endsWith('=') ? `${what}"${text}"` : `${what} "${text}"`;
  const why =
    address.family !== subnet.family
      ? `is ${family(address.family)} but the subnet ${formatCidr(subnet)} is ${family(subnet.family)}`
      : `is not inside the subnet ${formatCidr(subnet)}`;
  return issue(
    code,
    path,
    `${label} ${why}.`,
    `Give an address inside ${formatCidr(subnet)}, or put it in the entry of the subnet it belongs to.`,
  );
}

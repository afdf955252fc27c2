import { type Address, type Cidr, type IpamConfig, cidrContains, cidrOverlaps, parseAddress, parseCidr } from '@underlay/core';
import { CliError } from './cli-error';

// docker/cli's createIPAMConfig: flags arrive as flat lists, and each gateway,
// ip-range and aux address belongs to the --subnet that contains it. Kept in
// one function so core's pairIpamFlags can replace it when it lands.

/** The IPAM flags of `network create`, as typed. */
export interface IpamFlags {
  subnets: string[];
  gateways: string[];
  ipRanges: string[];
  auxAddresses: Record<string, string>;
}

/** Pairs every gateway, ip-range and aux address with its subnet; refuses what Docker's CLI refuses, naming the flag. */
export function pairIpamFlags(flags: IpamFlags): IpamConfig[] {
  if (flags.subnets.length < flags.gateways.length || flags.subnets.length < flags.ipRanges.length) {
    throw refuse('--gateway', 'every --ip-range or --gateway must have a corresponding --subnet:', 'give one --subnet per gateway and range.');
  }
  const subnets = flags.subnets.map((text) => ({ text, cidr: parseSubnet(text) }));
  refuseOverlaps(subnets);
  const configs: IpamConfig[] = subnets.map(({ text }) => ({ subnet: text }));
  for (const range of flags.ipRanges) {
    const index = owner('--ip-range', range, rangeStart(range), subnets);
    const config = configs[index] as IpamConfig;
    if (config.ipRange) throw refuse('--ip-range', `cannot configure multiple ranges (${range}, ${config.ipRange}) on the same subnet (${config.subnet}):`, 'give at most one --ip-range per subnet.');
    config.ipRange = range;
  }
  for (const gateway of flags.gateways) {
    const index = owner('--gateway', gateway, parseAddress(gateway), subnets);
    const config = configs[index] as IpamConfig;
    if (config.gateway) throw refuse('--gateway', `cannot configure multiple gateways (${gateway}, ${config.gateway}) for the same subnet (${config.subnet}):`, 'give at most one --gateway per subnet.');
    config.gateway = gateway;
  }
  for (const [name, address] of Object.entries(flags.auxAddresses)) {
    const index = owner('--aux-address', address, parseAddress(address), subnets, name);
    const config = configs[index] as IpamConfig;
    config.auxAddresses = { ...config.auxAddresses, [name]: address };
  }
  return configs;
}

interface ParsedSubnet {
  text: string;
  cidr: Cidr;
}

function parseSubnet(text: string): Cidr {
  const cidr = parseCidr(text);
  if (!cidr) throw refuse('--subnet', `"${text}" is not a subnet in CIDR notation:`, 'write it as 192.168.10.0/24 or 2001:db8:10::/64.');
  return cidr;
}

function refuseOverlaps(subnets: ParsedSubnet[]): void {
  subnets.forEach((a, i) => {
    const b = subnets.slice(0, i).find((other) => cidrOverlaps(other.cidr, a.cidr));
    if (b) throw refuse('--subnet', `${a.text} overlaps ${b.text}: multiple overlapping subnet configuration is not supported:`, 'give subnets that do not overlap.');
  });
}

// Docker lets a value match several subnets only when they overlap, which is
// refused above, so the first match is the only one.
function owner(flag: string, text: string, address: Address | null, subnets: ParsedSubnet[], auxName?: string): number {
  const label = auxName ? `${auxName}=${text}` : text;
  if (!address) throw refuse(flag, `"${label}" is not ${flag === '--ip-range' ? 'a range in CIDR notation' : 'an IP address'}:`, hintFor(flag));
  const index = subnets.findIndex(({ cidr }) => cidrContains(cidr, address));
  if (index < 0) throw refuse(flag, `no matching subnet for ${label}:`, `give a --subnet that contains it, or change the ${flag}.`);
  return index;
}

// Docker matches a range by its first address, as written.
function rangeStart(text: string): Address | null {
  const cidr = parseCidr(text);
  return cidr ? { family: cidr.family, value: cidr.written } : null;
}

function hintFor(flag: string): string {
  if (flag === '--ip-range') return 'write it as 192.168.10.128/25.';
  if (flag === '--aux-address') return 'write it as --aux-address name=192.168.10.5.';
  return 'write it as 192.168.10.1 or 2001:db8:10::1.';
}

const refuse = (flag: string, message: string, hint: string): CliError => new CliError(`Error: ${flag}: ${message} ${hint}`, 1);

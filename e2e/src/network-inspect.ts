import { underlay } from './agent-cli.js';

// What an agent holds for one network, read through the CLI's Docker-shaped
// `network inspect`: each subnet's --ip-range and each container's addresses.

interface Inspect {
  IPAM?: { Config?: { Subnet: string; IPRange?: string }[] };
  Containers?: Record<string, { Name: string; IPv4Address?: string; IPv6Address?: string }>;
}

export interface NetworkOnHost {
  /** IPRange per subnet (absent when the host allocates from the whole subnet). */
  ranges: Record<string, string | undefined>;
  /** Container name → IPv4 address without its prefix length. */
  ipv4: Record<string, string>;
}

/** `underlay network inspect NAME` on `host`, reduced to ranges and addresses. */
export async function inspectNetwork(host: string, name: string): Promise<NetworkOnHost> {
  const [found] = JSON.parse(await underlay(host, ['network', 'inspect', name])) as Inspect[];
  const ranges = Object.fromEntries((found?.IPAM?.Config ?? []).map((c) => [c.Subnet, c.IPRange]));
  const ipv4 = Object.fromEntries(
    Object.values(found?.Containers ?? {}).map((c) => [
      c.Name,
      (c.IPv4Address ?? '').split('/')[0] ?? '',
    ]),
  );
  return { ranges, ipv4 };
}

const toInt = (dotted: string): number =>
  dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);

/** True when IPv4 `address` lies in `cidr` (e.g. 172.16.80.0/26). */
export function inCidr(address: string, cidr: string): boolean {
  const [base = '', bits = '32'] = cidr.split('/');
  const size = 2 ** (32 - Number(bits));
  const start = toInt(base);
  const value = toInt(address);
  return value >= start && value < start + size;
}

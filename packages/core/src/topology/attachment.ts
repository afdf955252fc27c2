import { cidrContains, parseCidr, type Cidr } from '../ip/cidr';
import type { Endpoint } from '../schemas/endpoint';
import type { Network, Subnet } from '../schemas/network';
import type { SnapshotLink } from '../schemas/snapshot';
import { vlanBaseOf } from '../plan/names';
import type { HostView } from './types';

/** How a network reaches the wire on one host. */
export interface Attachment {
  kind: 'vlan' | 'nic' | 'dummy';
  /** The NIC (or dummy) at the bottom. */
  lower: string;
  lowerLink: SnapshotLink | undefined;
  /** The VLAN sub-interface, for kind 'vlan'. */
  link: SnapshotLink | undefined;
  vid: number | undefined;
  trunk: string;
  /** The parent is recorded but not in the kernel. */
  missing: boolean;
}

// The kernel's view wins over the records (a manually made `foo` that is
// VLAN 40 on eth0 is VLAN 40); the records fill in when the link is gone.
/** Where `network` attaches on `host`. */
export function attachmentOf(network: Network, host: HostView): Attachment {
  const links = host.snapshot.links;
  const link = links.find((l) => l.name === network.parent);
  const trunkOf = (nic: string): string => host.trunks?.[nic] ?? nic;
  const missing = link === undefined;
  if (network.parentKind === 'dummy' || link?.kind === 'dummy') {
    return {
      kind: 'dummy',
      lower: network.parent,
      lowerLink: link,
      link: undefined,
      vid: undefined,
      trunk: '',
      missing,
    };
  }
  const vid = link?.vlanId ?? network.vlanId;
  const lower = link?.parent ?? vlanBaseOf(network.parent);
  if ((network.parentKind === 'vlan' || link?.kind === 'vlan') && vid !== undefined && lower) {
    return {
      kind: 'vlan',
      lower,
      lowerLink: links.find((l) => l.name === lower),
      link,
      vid,
      trunk: trunkOf(lower),
      missing,
    };
  }
  return {
    kind: 'nic',
    lower: network.parent,
    lowerLink: link,
    link: undefined,
    vid: undefined,
    trunk: trunkOf(network.parent),
    missing,
  };
}

// Parsed once per subnet object: a fleet has thousands of endpoints and few subnets.
const blocks = new WeakMap<Subnet, Cidr | null>();
const blockOf = (subnet: Subnet): Cidr | null => {
  if (!blocks.has(subnet)) blocks.set(subnet, parseCidr(subnet.subnet));
  return blocks.get(subnet) ?? null;
};

/** The network subnet holding one of the endpoint's addresses (IPv4 first), if any. */
export function subnetOfEndpoint(network: Network, endpoint: Endpoint): Subnet | undefined {
  for (const text of [endpoint.ipv4Address, endpoint.ipv6Address]) {
    const address = text ? parseCidr(text) : null;
    if (!address) continue;
    const found = network.subnets.find((s) => {
      const block = blockOf(s);
      return (
        block !== null && cidrContains(block, { family: address.family, value: address.written })
      );
    });
    if (found) return found;
  }
  return undefined;
}

// localeCompare with no locale is this collator's compare (ECMA-402), made
// once: localeCompare sets one up per call, and large fleets sort every endpoint.
/** The order names and timestamps are sorted in (the default locale's). */
export const collate = new Intl.Collator().compare;

/** Endpoints in the order they were made, so a new one never moves older ones. */
export const endpointsInOrder = (endpoints: readonly Endpoint[]): Endpoint[] =>
  [...endpoints].sort((a, b) => collate(a.created, b.created) || collate(a.id, b.id));

/** Networks by name then id: the order they are drawn in. */
export const networksInOrder = (networks: readonly Network[]): Network[] =>
  [...networks].sort((a, b) => collate(a.name, b.name) || collate(a.id, b.id));

/** Hosts by id: the order their columns are drawn in, whatever order they arrive in. */
export const hostsInOrder = (hosts: readonly HostView[]): HostView[] =>
  [...hosts].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Addresses of an endpoint, IPv4 first. */
export const endpointAddresses = (e: Endpoint): string[] =>
  [e.ipv4Address, e.ipv6Address].filter((a): a is string => Boolean(a));

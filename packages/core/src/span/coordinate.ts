import { type Issue, issue } from '../errors';
import { type Cidr, cidrCovers, familyBits, formatCidr, parseCidr, prefixMask } from '../ip';
import type { IpamConfig, Network, NetworkCreateInput } from '../schemas';
import { reservedAddresses } from './reserved';
import { freeSlices, layoutOf, type SliceLayout, sliceCountFor } from './slices';

// moby/moby#49921: every host's IPAM starts at the bottom of the subnet, so a
// network spanning hosts on one L2 segment hands out the same address twice.
// The dashboard, which sees every host, gives each host a disjoint slice of
// each subnet's dynamic pool as that host's --ip-range (statics stay free
// anywhere in the subnet). The slice count is stored as a label on every
// host's network so a host added later finds the same layout.

/** Label carrying the number of slices a coordinated network's pools were cut into. */
export const SLICES_LABEL = 'underlay.ip-slices';

/** The same network already present on another host (found by name). */
export interface SpanPeer {
  host: string;
  network: Network;
}

/** One host's share of one subnet. */
export interface HostRange {
  host: string;
  subnet: string;
  ipRange: string;
}

export interface CoordinateInput {
  request: NetworkCreateInput;
  /** Hosts the request is about to be sent to. */
  hosts: readonly string[];
  /** Hosts that already hold the network: their ranges are taken and their layout is kept. */
  peers?: readonly SpanPeer[];
}

export interface Coordination {
  /** What to send to each host (hosts sorted by name); the request unchanged when nothing is coordinated. */
  requests: { host: string; request: NetworkCreateInput }[];
  ranges: HostRange[];
  issues: Issue[];
}

/** Gives each host a disjoint, CIDR-aligned slice of every subnet's dynamic pool when the network spans two hosts or more. */
export function coordinateRanges({ request, hosts, peers = [] }: CoordinateInput): Coordination {
  const names = [...hosts].sort();
  if (names.length + peers.length < 2)
    return { requests: names.map((host) => ({ host, request })), ranges: [], issues: [] };
  const count = peerSliceCount(peers) ?? sliceCountFor(names.length);
  const ranges: HostRange[] = [];
  const issues: Issue[] = [];
  const entries = (request.ipam ?? []).map((entry, index) => {
    const share = shareEntry({ entry, index, names, peers, count });
    issues.push(...share.issues);
    ranges.push(...share.ranges);
    return share.ranges;
  });
  const requests = names.map((host) => ({
    host,
    request: {
      ...request,
      labels: { ...request.labels, [SLICES_LABEL]: String(count) },
      ipam: (request.ipam ?? []).map((entry, i) =>
        withRange(
          entry,
          entries[i]?.find((r) => r.host === host),
        ),
      ),
    },
  }));
  return { requests, ranges, issues };
}

const withRange = (entry: IpamConfig, range: HostRange | undefined): IpamConfig =>
  range ? { ...entry, ipRange: range.ipRange } : entry;

function peerSliceCount(peers: readonly SpanPeer[]): number | null {
  for (const { network } of peers) {
    const count = Number(network.labels[SLICES_LABEL]);
    if (Number.isInteger(count) && count >= 2) return count;
  }
  return null;
}

interface ShareInput {
  entry: IpamConfig;
  index: number;
  names: string[];
  peers: readonly SpanPeer[];
  count: number;
}

// Entries that do not parse are left alone: validate() reports them with their own codes.
function shareEntry({ entry, index, names, peers, count }: ShareInput): {
  ranges: HostRange[];
  issues: Issue[];
} {
  const subnet = parseCidr(entry.subnet);
  if (!subnet || subnet.written !== subnet.network) return { ranges: [], issues: [] };
  const own = entry.ipRange === undefined ? subnet : parseCidr(entry.ipRange);
  if (!own || own.written !== own.network || !cidrCovers(subnet, own))
    return { ranges: [], issues: [] };
  const field = entry.ipRange === undefined ? 'subnet' : 'ipRange';
  const path = ['ipam', index, field];
  const taken = peerRanges(subnet, peers, path);
  if ('issue' in taken) return { ranges: [], issues: [taken.issue] };
  const layout = taken.layout ?? layoutOf(own, count);
  const free = layout ? freeSlices(layout, taken.ranges, reservedAddresses(subnet, entry)) : [];
  if (free.length < names.length)
    return {
      ranges: [],
      issues: [
        tooSmall({
          block: own,
          field,
          path,
          hosts: names.length + peers.length,
          count,
          free: free.length,
        }),
      ],
    };
  return {
    ranges: names.map((host, i) => ({
      host,
      subnet: formatCidr(subnet),
      ipRange: formatCidr(free[i] as Cidr),
    })),
    issues: [],
  };
}

type PeerRanges = { ranges: Cidr[]; layout: SliceLayout | null } | { issue: Issue };

// A peer's layout is read back from its range: the slice count label says how
// many bits were added to the base; ranges split by hand (no label) are taken
// as slices of the whole subnet at the smallest peer range's size.
function peerRanges(subnet: Cidr, peers: readonly SpanPeer[], path: Issue['path']): PeerRanges {
  const text = formatCidr(subnet);
  const ranges: Cidr[] = [];
  for (const { host, network } of peers) {
    const own = network.subnets.find((s) => s.subnet === text);
    if (!own) continue;
    const range = own.ipRange === undefined ? null : parseCidr(own.ipRange);
    if (!range) {
      const message = `network "${network.name}" on ${host} allocates from the whole subnet ${text}, so no slice of it is free for another host.`;
      return {
        issue: issue(
          'SUBNET_OVERLAP',
          path,
          message,
          `Connect containers on the new host with static addresses (--ip), or re-create the network on every host from the dashboard so each gets its own --ip-range.`,
        ),
      };
    }
    ranges.push(range);
  }
  if (ranges.length === 0) return { ranges, layout: null };
  const prefix = Math.max(...ranges.map((r) => r.prefix));
  const labelled = peerSliceCount(peers);
  const baseBits = Math.max(
    labelled ? prefix - Math.round(Math.log2(labelled)) : subnet.prefix,
    subnet.prefix,
  );
  const network = (ranges[0] as Cidr).network & prefixMask(subnet.family, baseBits);
  return {
    ranges,
    layout: {
      base: { family: subnet.family, network, prefix: baseBits, written: network },
      prefix,
    },
  };
}

interface TooSmall {
  block: Cidr;
  field: 'subnet' | 'ipRange';
  path: Issue['path'];
  hosts: number;
  count: number;
  free: number;
}

// Four addresses per slice always leave one for a container (at most network,
// gateway and broadcast fall in one slice), hence the suggested prefix.
function tooSmall({ block, field, path, hosts, count, free }: TooSmall): Issue {
  const what = field === 'subnet' ? 'subnet' : 'ip-range';
  const bits = familyBits(block.family);
  const suggested = bits - 2 - Math.round(Math.log2(count));
  const message = `${what} ${formatCidr(block)} is too small to give each of ${hosts} hosts its own ip-range: cut into ${count} slices, only ${free} ${free === 1 ? 'is' : 'are'} free with an address left for containers.`;
  const bigger =
    suggested >= 0 ? `a bigger ${what} (a /${suggested} or larger)` : `a bigger ${what}`;
  return issue(
    'SUBNET_TOO_SMALL',
    path,
    message,
    `Use ${bigger}, or turn off coordinated addressing and give each host an explicit --ip-range.`,
  );
}

import { type Issue, issue } from '../errors';
import { blockGeometry, DEFAULT_BLOCK_PREFIX } from '../fleet-ipam/blocks';
import { SEGMENT_LABEL } from '../fleet-ipam/network-segments';
import { parentParts } from '../fleet-ipam/segment';
import { familyBits, formatCidr, parseCidr } from '../ip';
import type { NetworkCreateInput } from '../schemas';

// moby/moby#49921: every host's IPAM starts at the bottom of the subnet. With
// fleet-wide blocks (issue 15) each host hands out addresses only from blocks
// it holds, so a network on several hosts is created with the whole subnet
// on each; what the dashboard still checks before it sends is that the subnet
// has a block for each host (its first container claims one), and that the
// hosts' networks are one segment (a VLAN parent, or a shared label).

/** Refuses a subnet with fewer blocks than the hosts that will share it (SUBNET_TOO_SMALL at that subnet). */
export function leaseCapacity(request: NetworkCreateInput, hosts: number): Issue[] {
  if (hosts < 2) return [];
  return (request.ipam ?? []).flatMap((entry, index) => {
    const subnet = parseCidr(entry.subnet);
    if (!subnet || subnet.written !== subnet.network) return []; // validate() reports it
    const geometry = blockGeometry(entry.subnet);
    if (geometry.count >= BigInt(hosts)) return [];
    const blocks = Number(geometry.count);
    const wanted = DEFAULT_BLOCK_PREFIX[subnet.family] - Math.ceil(Math.log2(hosts));
    const message = `subnet ${formatCidr(subnet)} is too small to give each of ${hosts} hosts its own address block: it holds ${blocks} block${blocks === 1 ? '' : 's'} of /${geometry.blockPrefix}, and each host's first container claims one.`;
    const bigger =
      wanted >= 0 && wanted < familyBits(subnet.family) ? ` (a /${wanted} or larger)` : '';
    return [
      issue(
        'SUBNET_TOO_SMALL',
        ['ipam', index, 'subnet'],
        message,
        `Use a bigger subnet${bigger}, or turn off coordinated addressing and connect containers with static addresses.`,
      ),
    ];
  });
}

// A VLAN parent makes the hosts' networks one segment by itself (same VLAN id
// on the same trunk); a plain parent does not (it may be a different wire on
// each host), so a network created on several hosts at once, which the user
// means as one network, is labelled with its name as the segment.
/** The request with `underlay.segment=<name>` added when its parent is plain and it has no segment label; unchanged otherwise. */
export function withSharedSegment(request: NetworkCreateInput): NetworkCreateInput {
  const parent = request.options?.parent;
  if (!parent || request.internal || parentParts(parent).vlan !== undefined) return request;
  if (request.labels?.[SEGMENT_LABEL] !== undefined) return request;
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(request.name)) return request;
  return { ...request, labels: { ...request.labels, [SEGMENT_LABEL]: request.name } };
}

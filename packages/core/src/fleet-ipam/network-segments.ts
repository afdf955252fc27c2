import type { Family } from '../ip';
import type { Network } from '../schemas';
import type { Reservations } from './claims';
import { type Segment, segmentOf } from './segment';

/** The label that puts a network without a VLAN on a named segment (`--label underlay.segment=NAME`). */
export const SEGMENT_LABEL = 'underlay.segment';

/** One subnet of a network that is shared fleet-wide, with the addresses it reserves on its segment. */
export interface SharedSubnet {
  family: Family;
  subnet: string;
  segment: Segment;
  /** Gateway and aux addresses (plain address → label), reserved on every host of the segment. */
  reserved: Reservations;
}

// A network's subnets are shared with other hosts when segmentOf says so: the
// same VLAN id on the same trunk (the base NIC's name), or a
// `underlay.segment` label. A plain or dummy parent stays host-local, and so
// does a family the network has turned off. The agent allocates by this, and
// the hub reads the blocks of a network's segments by it.
/** The network's subnets that are on a fleet-wide segment (empty when it is host-local). */
export function fleetSubnets(network: Network): SharedSubnet[] {
  const label = network.labels[SEGMENT_LABEL];
  return network.subnets.flatMap((subnet) => {
    if (subnet.family === 4 ? network.ipv4 === false : !network.ipv6) return [];
    const segment = segmentOf({
      parent: network.parent,
      subnet: subnet.subnet,
      internal: network.internal || network.parentKind === 'dummy',
      ...(label === undefined ? {} : { label }),
    });
    if (!segment) return [];
    const reserved: Reservations = {};
    if (subnet.gateway) reserved[plain(subnet.gateway)] = 'gateway';
    for (const [name, address] of Object.entries(subnet.auxAddresses))
      reserved[plain(address)] = `aux address "${name}"`;
    return [{ family: subnet.family, subnet: subnet.subnet, segment, reserved }];
  });
}

const plain = (text: string): string => text.split('/')[0] ?? text;

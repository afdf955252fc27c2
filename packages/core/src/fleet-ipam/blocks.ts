import { DomainError, issue } from '../errors';
import { type Cidr, type Family, familyBits, formatCidr, parseCidr } from '../ip';
import { fixedReservations } from '../ipam/address-space';

// /28 and /124 hold 16 addresses: a host's first container costs the segment
// 16 addresses, so a /24 shared by a dozen hosts still has room to spare, and
// a host running 100 containers claims 7 blocks (7 store round trips, then
// none). Calico's /26 suits pod networks cut from a /16; underlay's segments
// are VLAN subnets, usually a /24. IPv6 gets the same 16 so both families of a
// dual-stack network claim in step. A subnet smaller than a block is one block.
/** Default block prefix length per family. */
export const DEFAULT_BLOCK_PREFIX: Record<Family, number> = { 4: 28, 6: 124 };

/** A block holds at most 2^16 addresses: per-host state is a set of offsets. */
const MAX_BLOCK_BITS = 16;

/** How a subnet is cut into CIDR-aligned blocks. */
export interface BlockGeometry {
  subnet: Cidr;
  blockPrefix: number;
  /** Addresses per block. */
  size: number;
  /** Number of blocks in the subnet. */
  count: bigint;
}

/** The blocks of a subnet, with the network's configured block prefix or the family default. */
export function blockGeometry(subnetText: string, configured?: number): BlockGeometry {
  const subnet = parseCidr(subnetText);
  if (!subnet) throw invalid(['subnet'], `subnet "${subnetText}" is not a CIDR.`);
  const bits = familyBits(subnet.family);
  const wanted = configured ?? DEFAULT_BLOCK_PREFIX[subnet.family];
  if (!Number.isInteger(wanted) || wanted < bits - MAX_BLOCK_BITS || wanted > bits)
    throw invalid(
      ['options', subnet.family === 4 ? 'block_size' : 'block_size_v6'],
      `block prefix /${wanted} is not between /${bits - MAX_BLOCK_BITS} and /${bits}.`,
    );
  const blockPrefix = Math.max(wanted, subnet.prefix);
  return {
    subnet,
    blockPrefix,
    size: 2 ** (bits - blockPrefix),
    count: 1n << BigInt(blockPrefix - subnet.prefix),
  };
}

/** Index of the block holding an address, or null when it is outside the subnet. */
export function blockIndexOf(geometry: BlockGeometry, value: bigint): bigint | null {
  const offset = value - geometry.subnet.network;
  if (offset < 0n || offset >= geometry.count * BigInt(geometry.size)) return null;
  return offset / BigInt(geometry.size);
}

/** The block at an index. */
export function blockAt(geometry: BlockGeometry, index: bigint): Cidr {
  const network = geometry.subnet.network + index * BigInt(geometry.size);
  return {
    family: geometry.subnet.family,
    network,
    prefix: geometry.blockPrefix,
    written: network,
  };
}

/** Canonical text of the block at an index (`10.1.0.16/28`). */
export const blockText = (geometry: BlockGeometry, index: bigint): string =>
  formatCidr(blockAt(geometry, index));

// The network, broadcast and anycast addresses of the subnet, and the
// gateway and aux addresses of the segment, never go to containers; a block
// knows which of its offsets they are so allocation inside it is a bitmap scan.
/** Offsets inside a block that are reserved (subnet's fixed addresses plus the segment's reservations). */
export function reservedOffsets(
  geometry: BlockGeometry,
  index: bigint,
  reserved: readonly bigint[],
): Set<number> {
  const start = blockAt(geometry, index).network;
  const fixed = fixedReservations(geometry.subnet).map(
    ([offset]) => geometry.subnet.network + offset,
  );
  const result = new Set<number>();
  for (const value of [...fixed, ...reserved]) {
    const offset = value - start;
    if (offset >= 0n && offset < BigInt(geometry.size)) result.add(Number(offset));
  }
  return result;
}

function invalid(path: (string | number)[], message: string): DomainError {
  return new DomainError(
    issue('INVALID_SUBNET', path, message, 'Pick a block size inside the subnet, or leave it out.'),
  );
}

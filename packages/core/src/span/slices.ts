import { type Cidr, cidrLast, cidrOverlaps, cidrSize, familyBits } from '../ip';

// Docker's --ip-range must be a CIDR inside the subnet, so a host's share of a
// subnet is an aligned block: the base (the subnet, or the user's own range)
// cut into 2^k equal blocks. Blocks are never resized after a network exists
// (an agent cannot change a live network's range), so room for later hosts is
// left at create time: see sliceCountFor.

/** Aligned blocks of `prefix` inside `base`, the way a network's dynamic pool is shared across hosts. */
export interface SliceLayout {
  base: Cidr;
  prefix: number;
}

// The next power of two ≥ hosts + 1: two hosts get a quarter each and leave two
// quarters free; the "+ 1" guarantees at least one free slice for a host added
// later, the power of two keeps the slices CIDR-aligned.
/** How many slices a network created on `hosts` hosts is cut into. */
export function sliceCountFor(hosts: number): number {
  let count = 1;
  while (count < hosts + 1) count *= 2;
  return count;
}

/** The layout that cuts `base` into `count` slices (count a power of two), or null when the base has fewer addresses than that. */
export function layoutOf(base: Cidr, count: number): SliceLayout | null {
  const extra = Math.round(Math.log2(count));
  if (2 ** extra !== count) return null;
  const prefix = base.prefix + extra;
  return prefix > familyBits(base.family) ? null : { base, prefix };
}

/** Number of slices in a layout. */
export const sliceTotal = (layout: SliceLayout): number =>
  2 ** (layout.prefix - layout.base.prefix);

/** Slice `index` of a layout (0-based, lowest addresses first). */
export function sliceAt(layout: SliceLayout, index: number): Cidr {
  const size = 1n << BigInt(familyBits(layout.base.family) - layout.prefix);
  const network = layout.base.network + BigInt(index) * size;
  return { family: layout.base.family, network, prefix: layout.prefix, written: network };
}

/** Addresses of `slice` that a container could get dynamically: its size less the reserved addresses inside it. */
export function usableCount(slice: Cidr, reserved: readonly bigint[]): bigint {
  const inside = new Set(
    reserved.filter((value) => value >= slice.network && value <= cidrLast(slice)),
  );
  return cidrSize(slice) - BigInt(inside.size);
}

// A layout read back from ranges made by hand (a /120 in a /64) can have 2^56
// slices; hosts need a handful, so the scan stops after the first few thousand.
const MAX_SCAN = 4096;

/** The slices of a layout, in order, that overlap none of `taken` and leave at least one address for containers. */
export function freeSlices(
  layout: SliceLayout,
  taken: readonly Cidr[],
  reserved: readonly bigint[],
): Cidr[] {
  const out: Cidr[] = [];
  const total = Math.min(sliceTotal(layout), MAX_SCAN);
  for (let index = 0; index < total; index++) {
    const slice = sliceAt(layout, index);
    if (taken.some((t) => cidrOverlaps(t, slice))) continue;
    if (usableCount(slice, reserved) > 0n) out.push(slice);
  }
  return out;
}

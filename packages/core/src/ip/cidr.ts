import { type Address, type Family, familyBits, formatAddress, parseAddress } from './address';

/** A prefix such as 10.1.0.0/16: the first address and the prefix length. */
export interface Cidr {
  family: Family;
  /** First address of the block (the value with host bits cleared, when parsed strictly). */
  network: bigint;
  prefix: number;
  /** The value as written, host bits included: `10.1.0.5/16` keeps `.5` here. */
  written: bigint;
}

/** Parses `addr/len`; null when the text is not a CIDR. Host bits are kept in `written`, not rejected: validation decides. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  if (slash < 0) return null;
  const address = parseAddress(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (!address || !/^\d{1,3}$/.test(lengthText)) return null;
  const prefix = Number(lengthText);
  if (prefix > familyBits(address.family)) return null;
  return {
    family: address.family,
    network: address.value & prefixMask(address.family, prefix),
    prefix,
    written: address.value,
  };
}

/** Mask with the top `prefix` bits set. */
export function prefixMask(family: Family, prefix: number): bigint {
  const bits = BigInt(familyBits(family));
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(prefix))) - 1n);
}

/** Number of addresses in the block (2^(bits-prefix)). */
export const cidrSize = (cidr: Cidr): bigint => 1n << BigInt(familyBits(cidr.family) - cidr.prefix);

/** Last address of the block. */
export const cidrLast = (cidr: Cidr): bigint => cidr.network + cidrSize(cidr) - 1n;

/** True when the address lies in the block (same family). */
export const cidrContains = (cidr: Cidr, address: Address): boolean =>
  cidr.family === address.family &&
  address.value >= cidr.network &&
  address.value <= cidrLast(cidr);

/** True when `inner` lies wholly inside `outer`. */
export const cidrCovers = (outer: Cidr, inner: Cidr): boolean =>
  outer.family === inner.family &&
  inner.network >= outer.network &&
  cidrLast(inner) <= cidrLast(outer);

/** True when two blocks share at least one address. */
export const cidrOverlaps = (a: Cidr, b: Cidr): boolean =>
  a.family === b.family && a.network <= cidrLast(b) && b.network <= cidrLast(a);

/** True when two blocks are the same prefix. */
export const cidrEquals = (a: Cidr, b: Cidr): boolean =>
  a.family === b.family && a.network === b.network && a.prefix === b.prefix;

/** Canonical text `network/prefix`. */
export const formatCidr = (cidr: Cidr): string =>
  `${formatAddress({ family: cidr.family, value: cidr.network })}/${cidr.prefix}`;

// Joined rather than concatenated so the text is one flat string, not a rope
// that every endpoint record would keep (and the garbage collector walk).
/** `address/prefix` text for an interface address inside the block. */
export const formatInterfaceAddress = (address: Address, prefix: number): string =>
  [formatAddress(address), prefix].join('/');

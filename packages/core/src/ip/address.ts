import ipaddr from 'ipaddr.js';

/** Address family as Linux numbers it in `ip -4`/`ip -6`. */
export type Family = 4 | 6;

/** An address as an integer: BigInt covers both families, so one code path does the maths. */
export interface Address {
  family: Family;
  value: bigint;
}

/** Width in bits of a family's addresses. */
export const familyBits = (family: Family): number => (family === 4 ? 32 : 128);

// ipaddr.js accepts "1.2.3" and "010.1.1.1" as IPv4; a network engineer means
// neither, so IPv4 must be four plain decimal parts. Zoned IPv6 ("fe80::1%eth0")
// names an interface, not an address, and is refused too (as Docker does).
/** Parses a textual IPv4/IPv6 address, or returns null when it is not one. */
export function parseAddress(text: string): Address | null {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) {
    return { family: 4, value: bytesToBigInt(ipaddr.IPv4.parse(text).toByteArray()) };
  }
  if (!text.includes('%') && ipaddr.IPv6.isValid(text)) {
    return { family: 6, value: bytesToBigInt(ipaddr.IPv6.parse(text).toByteArray()) };
  }
  return null;
}

/** Canonical text of an address (dotted quad, or RFC 5952 IPv6). */
export function formatAddress(address: Address): string {
  const bytes = bigIntToBytes(address.value, familyBits(address.family) / 8);
  return address.family === 4
    ? ipaddr.IPv4.parse(bytes.join('.')).toString()
    : ipaddr.fromByteArray(bytes).toString();
}

function bytesToBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

function bigIntToBytes(value: bigint, length: number): number[] {
  const bytes = new Array<number>(length);
  for (let i = length - 1; i >= 0; i--) {
    bytes[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  return bytes;
}

import ipaddr from 'ipaddr.js';
import {
  formatIPv4Text,
  formatIPv6Text,
  groupsToBigInt,
  parseIPv4Text,
  parseIPv6Groups,
} from './text';

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
// A ':' decides the family, so neither family's parser ever sees the other's text.
/** Parses a textual IPv4/IPv6 address, or returns null when it is not one. */
export function parseAddress(text: string): Address | null {
  if (!text.includes(':')) {
    const value = parseIPv4Text(text);
    return value === null ? null : { family: 4, value: BigInt(value) };
  }
  if (text.includes('%')) return null;
  if (!text.includes('.')) {
    const groups = parseIPv6Groups(text);
    return groups ? { family: 6, value: groupsToBigInt(groups) } : null;
  }
  // Embedded dotted IPv4 (::ffff:192.0.2.1): rare, left to ipaddr.js.
  if (!ipaddr.IPv6.isValid(text)) return null;
  return { family: 6, value: bytesToBigInt(ipaddr.IPv6.parse(text).toByteArray()) };
}

/** Canonical text of an address (dotted quad, or RFC 5952 IPv6). */
export function formatAddress(address: Address): string {
  return address.family === 4
    ? formatIPv4Text(Number(address.value))
    : formatIPv6Text(address.value);
}

function bytesToBigInt(bytes: number[]): bigint {
  let value = 0n;
  for (const byte of bytes) value = (value << 8n) | BigInt(byte);
  return value;
}

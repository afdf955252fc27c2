import { isIPv4, isIPv6 } from 'node:net';

// Checks shared by every spec. Each returns the problem as text (undefined
// when fine) so the zod schemas can report it against the right field.

const bytes = (s: string): number => new TextEncoder().encode(s).length;

// iproute2's -batch reader cuts a line at '#', splits on whitespace, treats a
// leading quote specially and joins lines ending in '\': such characters could
// change what a batch line means, so they are refused in every name.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const BATCH_UNSAFE = /[#"'\\\u0000-\u001f\u007f]/;

/** Linux interface name rules (dev_valid_name) plus what -batch can carry. */
export function ifNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (bytes(name) > 15) return `is ${bytes(name)} bytes long; Linux allows at most 15`;
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (/[/:\s]/.test(name)) return 'must not contain "/", ":" or whitespace';
  if (BATCH_UNSAFE.test(name))
    return 'must not contain #, quotes, backslashes or control characters';
  return undefined;
}

/** Named namespaces are files in /run/netns, so the name must be a plain file name. */
export function netnsNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'must not be empty';
  if (bytes(name) > 255) return 'is longer than 255 bytes';
  if (name === '.' || name === '..') return 'must not be "." or ".."';
  if (/[/\s]/.test(name)) return 'must not contain "/" or whitespace';
  if (BATCH_UNSAFE.test(name))
    return 'must not contain #, quotes, backslashes or control characters';
  return undefined;
}

/** 4 or 6 for an IP address literal, 0 otherwise. */
export const ipFamily = (address: string): 0 | 4 | 6 =>
  isIPv4(address) ? 4 : isIPv6(address) ? 6 : 0;

/** Parses "a.b.c.d/nn" or "x::y/nn"; undefined when malformed. */
export function parseCidr(
  cidr: string,
): { address: string; prefixLength: number; family: 4 | 6 } | undefined {
  const match = /^([^/]+)\/(\d{1,3})$/.exec(cidr);
  if (!match) return undefined;
  const [, address = '', prefix = ''] = match;
  const family = ipFamily(address);
  const prefixLength = Number(prefix);
  if (family === 0 || prefixLength > (family === 4 ? 32 : 128)) return undefined;
  return { address, prefixLength, family };
}

export function cidrProblem(cidr: string): string | undefined {
  return parseCidr(cidr)
    ? undefined
    : 'must be an address with a prefix length, like 10.0.0.2/24 or fd00::2/64';
}

export function ipProblem(address: string): string | undefined {
  return ipFamily(address)
    ? undefined
    : 'must be an IPv4 or IPv6 address, like 10.0.0.1 or fd00::1';
}

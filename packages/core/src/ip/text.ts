// Address text is parsed and printed on every connect and disconnect (the
// endpoint records hold text), so these run per endpoint. ipaddr.js costs
// ~4.5 µs to parse an IPv6 address, and its IPv4 check throws (an Error with a
// stack trace, ~30 µs) on every IPv6 text: that exception made releasing an
// endpoint five times slower than allocating one. The forms an operator types
// are simple enough to read in one pass; ipaddr.js stays for the rare ones
// (embedded dotted IPv4), and the property tests hold both to the same answers.

const DOT = 46;
const COLON = 58;

/** A strict dotted quad (four plain decimal parts 0–255, no leading zeros) as a number, or null. */
export function parseIPv4Text(text: string): number | null {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let k = 0; k <= text.length; k++) {
    const c = k < text.length ? text.charCodeAt(k) : DOT;
    if (c === DOT) {
      if (digits === 0 || part > 255 || ++parts > 4) return null;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if ((digits > 0 && part === 0) || ++digits > 3) return null;
      part = part * 10 + (c - 48);
    } else return null;
  }
  return parts === 4 ? value : null;
}

/** Value of a hex digit's char code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

// Groups of one to four hex digits split by ':', at most one '::' standing for
// at least one zero group: RFC 4291 §2.2 forms 1 and 2 (form 3, with a dotted
// quad at the end, is left to ipaddr.js).
/** The eight groups of a hex-only IPv6 text, or null when it is not one. */
export function parseIPv6Groups(text: string): number[] | null {
  const groups: number[] = [];
  let gap = -1;
  let value = 0;
  let digits = 0;
  const n = text.length;
  let k = 0;
  if (n >= 2 && text.charCodeAt(0) === COLON && text.charCodeAt(1) === COLON) {
    gap = 0;
    k = 2;
  }
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    const d = hexValue(c);
    if (d >= 0) {
      if (++digits > 4) return null;
      value = value * 16 + d;
      continue;
    }
    if (c !== COLON || digits === 0) return null;
    groups.push(value);
    value = 0;
    digits = 0;
    if (k + 1 < n && text.charCodeAt(k + 1) === COLON) {
      if (gap >= 0) return null;
      gap = groups.length;
      k++;
    } else if (k + 1 === n) return null;
  }
  // Ending without digits is fine only right after a '::' (a lone trailing ':' returned above).
  if (digits > 0) groups.push(value);
  else if (gap < 0) return null;
  if (gap < 0) return groups.length === 8 ? groups : null;
  if (groups.length > 7) return null;
  while (groups.length < 8) groups.splice(gap, 0, 0);
  return groups;
}

// Three numbers of at most 48 bits stay exact, and three BigInts cost less
// than the eight a group-by-group shift would allocate.
/** The 128-bit value of eight 16-bit groups. */
export function groupsToBigInt(g: number[]): bigint {
  const top = ((g[0] as number) * 65536 + (g[1] as number)) * 65536 + (g[2] as number);
  const middle = ((g[3] as number) * 65536 + (g[4] as number)) * 65536 + (g[5] as number);
  const low = (g[6] as number) * 65536 + (g[7] as number);
  return (BigInt(top) << 80n) | (BigInt(middle) << 32n) | BigInt(low);
}

/** Dotted quad of a 32-bit value. */
export function formatIPv4Text(value: number): string {
  return `${Math.floor(value / 16777216)}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

// RFC 5952 §4: lower-case hex without leading zeros; the longest run of two or
// more zero groups (the first of equal runs) becomes '::'.
/** RFC 5952 text of a 128-bit value. */
export function formatIPv6Text(value: bigint): string {
  const groups = bigIntToGroups(value);
  const run = longestZeroRun(groups);
  const best = run < 0 ? -1 : run >> 4;
  const length = run < 0 ? 0 : run & 15;
  // Joined, not concatenated: += leaves a rope of up to 15 nodes that every
  // endpoint record keeps alive, and the garbage collector walks them all.
  const parts: string[] = [];
  for (let i = 0; i < 8; i++) {
    if (i === best) {
      parts.push(i === 0 ? ':' : '');
      i += length - 1;
      if (i === 7) parts.push('');
    } else parts.push((groups[i] as number).toString(16));
  }
  return parts.join(':');
}

const MASK_48 = (1n << 48n) - 1n;
const MASK_32 = (1n << 32n) - 1n;

/** The eight 16-bit groups of a 128-bit value, cut as 48 + 48 + 32 exact bits. */
export function bigIntToGroups(value: bigint): number[] {
  const top = Number(value >> 80n);
  const middle = Number((value >> 32n) & MASK_48);
  const low = Number(value & MASK_32);
  return [
    Math.floor(top / 4294967296),
    Math.floor(top / 65536) % 65536,
    top % 65536,
    Math.floor(middle / 4294967296),
    Math.floor(middle / 65536) % 65536,
    middle % 65536,
    Math.floor(low / 65536),
    low % 65536,
  ];
}

// Returned packed (start * 16 + length) because it runs per address printed.
/** Start and length of the first longest run of two or more zero groups, packed as start * 16 + length; -1 when none. */
function longestZeroRun(groups: number[]): number {
  let best = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      best = i;
      bestLength = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  return best < 0 ? -1 : best * 16 + bestLength;
}

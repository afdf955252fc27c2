// Address text is parsed and printed on every connect and disconnect (the
// endpoint records hold text), so these run per endpoint. ipaddr.js costs
// ~4.5 µs to parse an IPv6 address, and its IPv4 check throws (an Error with a
// stack trace, ~30 µs) on every IPv6 text: that exception made releasing an
// endpoint five times slower than allocating one. The forms an operator types
// are simple enough to read in one pass; ipaddr.js stays for the rare ones
// (embedded dotted IPv4), and the property tests hold both to the same answers.

const DOT = 46;
const COLON = 58;
const PERCENT = 37;

/** A strict dotted quad (four plain decimal parts 0–255, no leading zeros) as a number, or null. */
export function parseIPv4Text(text: string): number | null {
  const value = readIPv4(text, text.length);
  return value < 0 ? null : value;
}

/** The dotted quad in text[0, end) as a number, or -1 (read in place: no substring per address). */
function readIPv4(text: string, end: number): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let k = 0; k <= end; k++) {
    const c = k < end ? text.charCodeAt(k) : DOT;
    if (c === DOT) {
      if (digits === 0 || part > 255 || ++parts > 4) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if ((digits > 0 && part === 0) || ++digits > 3) return -1;
      part = part * 10 + (c - 48);
    } else return -1;
  }
  return parts === 4 ? value : -1;
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
  const groups = [0, 0, 0, 0, 0, 0, 0, 0];
  return readIPv6Groups(text, text.length, groups) ? groups : null;
}

// Written into the caller's array, and the '::' gap opened by one shift, so
// that the release path reads an address without allocating.
/** Reads the hex-only IPv6 text in text[0, end) into out[0..7]; false when it is not one (out is then garbage). */
function readIPv6Groups(text: string, end: number, out: number[]): boolean {
  let count = 0;
  let gap = -1;
  let value = 0;
  let digits = 0;
  let k = 0;
  if (end >= 2 && text.charCodeAt(0) === COLON && text.charCodeAt(1) === COLON) {
    gap = 0;
    k = 2;
  }
  for (; k < end; k++) {
    const c = text.charCodeAt(k);
    const d = hexValue(c);
    if (d >= 0) {
      if (++digits > 4) return false;
      value = value * 16 + d;
      continue;
    }
    // A ninth group can never make an address, with or without a '::'.
    if (c !== COLON || digits === 0 || count === 8) return false;
    out[count++] = value;
    value = 0;
    digits = 0;
    if (k + 1 < end && text.charCodeAt(k + 1) === COLON) {
      if (gap >= 0) return false;
      gap = count;
      k++;
    } else if (k + 1 === end) return false;
  }
  // Ending without digits is fine only right after a '::' (a lone trailing ':' returned above).
  if (digits > 0) {
    if (count === 8) return false;
    out[count++] = value;
  } else if (gap < 0) return false;
  if (gap < 0) return count === 8;
  if (count > 7) return false;
  const shift = 8 - count;
  for (let i = count - 1; i >= gap; i--) out[i + shift] = out[i] as number;
  for (let i = gap; i < gap + shift; i++) out[i] = 0;
  return true;
}

/** An address read in place by readHostAddress: the family, and the IPv4 value or the eight IPv6 groups. */
export interface AddressReading {
  family: 4 | 6;
  v4: number;
  groups: number[];
}

/** A fresh reading to be filled by readHostAddress (one per caller, reused). */
export const newReading = (): AddressReading => ({
  family: 4,
  v4: 0,
  groups: [0, 0, 0, 0, 0, 0, 0, 0],
});

// The release path's reader: what parseAddress answers for the text before the
// first '/', without a substring, a BigInt or an array per address.
/**
 * Reads the address before the first '/' of `text` into `out`, as parseAddress
 * reads it: true when it is one, false when it is not, undefined when only
 * parseAddress can tell (IPv6 with an embedded dotted quad, left to ipaddr.js).
 */
export function readHostAddress(text: string, out: AddressReading): boolean | undefined {
  const slash = text.indexOf('/');
  const end = slash < 0 ? text.length : slash;
  let colon = false;
  for (let k = 0; k < end && !colon; k++) colon = text.charCodeAt(k) === COLON;
  if (!colon) {
    out.family = 4;
    out.v4 = readIPv4(text, end);
    return out.v4 >= 0;
  }
  out.family = 6;
  if (readIPv6Groups(text, end, out.groups)) return true;
  let dot = false;
  for (let k = 0; k < end; k++) {
    const c = text.charCodeAt(k);
    if (c === PERCENT) return false;
    if (c === DOT) dot = true;
  }
  return dot ? undefined : false;
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

// The texts of 0–255, decimal and hex, and hex with two digits: a group's
// text is then a table entry or the join of two, never a number conversion.
const DECIMAL = Array.from({ length: 256 }, (_, i) => String(i));
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16));
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

// The texts endpoint records keep must be flat: `+` past 12 characters makes
// a rope (ConsString) that every record would keep alive and the garbage
// collector walk. Below 13 characters V8 copies a concatenation into a flat
// string, so the text is built in parts of at most 12 characters and the parts
// are joined, two at a time (join of many short pieces costs more per piece).
const PAIR = ['', ''];

/** a + b as one flat string. */
function flat(a: string, b: string): string {
  if (a.length + b.length < 13) return a + b;
  PAIR[0] = a;
  PAIR[1] = b;
  return PAIR.join('');
}

/** Dotted quad of a 32-bit value followed by `suffix` ("/prefix"), as one flat string. */
export function formatIPv4With(value: number, suffix: string): string {
  const head = `${DECIMAL[value >>> 24] as string}.${DECIMAL[(value >>> 16) & 255] as string}.`;
  const tail = `${DECIMAL[(value >>> 8) & 255] as string}.${DECIMAL[value & 255] as string}`;
  return flat(head, flat(tail, suffix));
}

// RFC 5952 §4: lower-case hex without leading zeros; the longest run of two or
// more zero groups (the first of equal runs) becomes '::'.
/** RFC 5952 text of a 128-bit value. */
export function formatIPv6Text(value: bigint): string {
  return formatIPv6With(bigIntToGroups(value), '');
}

/** RFC 5952 text of eight 16-bit groups followed by `suffix` ("/prefix"), as one flat string. */
export function formatIPv6With(groups: readonly number[], suffix: string): string {
  const run = longestZeroRun(groups);
  const best = run < 0 ? -1 : run >> 4;
  const after = run < 0 ? -1 : best + (run & 15);
  let text = '';
  // Flat, under 13 characters: each piece (at most ':' and four digits, or '::') is copied onto it.
  let part = '';
  for (let i = 0; i < 8; i++) {
    let piece: string;
    if (i === best) {
      piece = '::';
      i = after - 1;
    } else {
      const g = groups[i] as number;
      const digits =
        g < 256 ? (HEX[g] as string) : (HEX[g >> 8] as string) + (HEX2[g & 255] as string);
      piece = i > 0 && i !== after ? `:${digits}` : digits;
    }
    if (part.length + piece.length < 13) part += piece;
    else {
      text = text === '' ? part : flat(text, part);
      part = piece;
    }
  }
  return flat(text, flat(part, suffix));
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
function longestZeroRun(groups: readonly number[]): number {
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

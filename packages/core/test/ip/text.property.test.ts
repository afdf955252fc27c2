// The one-pass address parser and printer (src/ip/text.ts) against ipaddr.js,
// the library they stand in for on the hot path: same verdict, same value,
// same RFC 5952 text, on random values and on random strings near the grammar.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { type Address, formatAddress, parseAddress } from '../../src/ip';

/** What parseAddress answered before the fast path: ipaddr.js alone. */
function reference(text: string): Address | null {
  const value = (bytes: number[]): bigint =>
    bytes.reduce((total, byte) => (total << 8n) | BigInt(byte), 0n);
  if (ipaddr.IPv4.isValidFourPartDecimal(text))
    return { family: 4, value: value(ipaddr.IPv4.parse(text).toByteArray()) };
  if (!text.includes('%') && ipaddr.IPv6.isValid(text))
    return { family: 6, value: value(ipaddr.IPv6.parse(text).toByteArray()) };
  return null;
}

const bytesOf = (value: bigint, length: number): number[] =>
  Array.from({ length }, (_, i) => Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn));

/** 128-bit values with many zero groups, where RFC 5952's '::' choice matters. */
const v6Value = fc
  .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 0xffff })), {
    minLength: 8,
    maxLength: 8,
  })
  .map((groups) => groups.reduce((total, g) => (total << 16n) | BigInt(g), 0n));

const near = (chars: string, maxLength: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...chars.split('')), maxLength });

const runs = { numRuns: 3000 };

describe('address text', () => {
  it('prints IPv6 as ipaddr.js does (RFC 5952) and reads it back', () => {
    fc.assert(
      fc.property(v6Value, (value) => {
        const text = formatAddress({ family: 6, value });
        expect(text).toBe(ipaddr.fromByteArray(bytesOf(value, 16)).toString());
        expect(parseAddress(text)).toEqual({ family: 6, value });
      }),
      runs,
    );
  });

  it('prints IPv4 as a dotted quad and reads it back', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        const value = BigInt(n);
        const text = formatAddress({ family: 4, value });
        expect(text).toBe(bytesOf(value, 4).join('.'));
        expect(parseAddress(text)).toEqual({ family: 4, value });
      }),
      runs,
    );
  });

  it('gives the same verdict and value as ipaddr.js on strings near the grammar', () => {
    const texts = fc.oneof(
      near('0123456789abcdefABCDEF:', 42),
      near('0:1f', 20),
      near('0123456789.', 18),
      near('0129.:f%', 24),
      v6Value.map((value) => ipaddr.fromByteArray(bytesOf(value, 16)).toNormalizedString()),
    );
    fc.assert(
      fc.property(texts, (text) => {
        expect(parseAddress(text)).toEqual(reference(text));
      }),
      { numRuns: 20000 },
    );
  });

  it.each([
    '::',
    '::1',
    '1::',
    '1:2:3:4:5:6:7::',
    '::2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8',
    '1::2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8::',
    ':::',
    '1:::2',
    '1::2::3',
    ':1::',
    '1:',
    ':',
    '',
    '00001::',
    'FE80::A',
    '::ffff:192.0.2.1',
    '::192.0.2.1',
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '01.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '1..2.3',
    'fe80::1%eth0',
  ])('%j reads as ipaddr.js reads it', (text) => {
    expect(parseAddress(text)).toEqual(reference(text));
  });
});

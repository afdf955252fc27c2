// The text path of connect and disconnect (numbers in window 0, addresses
// printed from the network's groups and read in place) against the BigInt
// path of the pools, which the other tests hold to a model: same text given,
// same answer on release, whatever the subnet, its range and the spelling.
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import {
  type Family,
  familyBits,
  formatCidr,
  formatInterfaceAddress,
  parseAddress,
} from '../../src/ip';
import { Ipam } from '../../src/ipam/ipam';
import { SubnetPool } from '../../src/ipam/subnet-pool';
import { subnet } from './helpers';

const block = (family: Family, value: bigint, prefix: number): bigint => {
  const host = BigInt(familyBits(family) - prefix);
  return (value >> host) << host;
};

const cidrText = (family: Family, network: bigint, prefix: number): string =>
  formatCidr({ family, network, prefix, written: network });

/** A subnet (any prefix, IPv6 ones of every alignment), and now and then a range far inside it. */
const setting = fc
  .record({
    family: fc.constantFrom<Family>(4, 6),
    seed: fc.bigInt(0n, (1n << 128n) - 1n),
    prefix4: fc.integer({ min: 8, max: 32 }),
    prefix6: fc.oneof(
      fc.constant(64),
      fc.integer({ min: 48, max: 128 }),
      fc.integer({ min: 118, max: 128 }),
    ),
    // Offsets from 2^48 to past 2^53 too: the edges of window 0 of the address set.
    range: fc.option(
      fc.record({
        seed: fc.oneof(fc.bigInt(0n, (1n << 128n) - 1n), fc.bigInt(0n, 1n << 54n)),
        extra: fc.nat(20),
      }),
      {
        nil: undefined,
      },
    ),
  })
  .map(({ family, seed, prefix4, prefix6, range }) => {
    const prefix = family === 4 ? prefix4 : prefix6;
    const bits = familyBits(family);
    const network = block(family, seed % (1n << BigInt(bits)), prefix);
    const size = 1n << BigInt(bits - prefix);
    const rangePrefix = Math.min(bits, prefix + (range?.extra ?? 0));
    const rangeText =
      range && rangePrefix > prefix
        ? cidrText(family, block(family, network + (range.seed % size), rangePrefix), rangePrefix)
        : undefined;
    return { family, network, prefix, rangeText };
  });

type Step = { op: 'connect' } | { op: 'disconnect'; pick: number; spelling: number; near: bigint };

const steps = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.constant<Step>({ op: 'connect' }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('disconnect' as const),
        pick: fc.nat(),
        spelling: fc.nat(6),
        near: fc.bigInt(-3n, 3n),
      }),
    },
  ),
  { maxLength: 60 },
);

/** The same address written another way an operator or an old record might. */
function spelled(family: Family, value: bigint, prefix: number, how: number): string {
  const length = family === 4 ? 4 : 16;
  const bytes = Array.from({ length }, (_, i) =>
    Number((value >> BigInt(8 * (length - 1 - i))) & 0xffn),
  );
  const address = ipaddr.fromByteArray(bytes);
  const plain = address.toString();
  switch (how) {
    case 0:
      return plain;
    case 1:
      return `${plain}/${prefix}`;
    case 2:
      return family === 6 ? address.toNormalizedString() : `${plain}/x`;
    case 3:
      return plain.toUpperCase();
    case 4: {
      // Embedded dotted quad: the general path (ipaddr.js) reads it.
      if (family === 4) return `${plain}/`;
      const groups = (address as ipaddr.IPv6).toNormalizedString().split(':');
      const low = bytes.slice(12).join('.');
      return `${groups.slice(0, 6).join(':')}:${low}/${prefix}`;
    }
    case 5:
      return family === 6 ? `${plain}%eth0` : `0${plain}`;
    default:
      return family === 6
        ? (address as ipaddr.IPv6)
            .toNormalizedString()
            .split(':')
            .map((g) => g.padStart(4, '0'))
            .join(':')
        : plain;
  }
}

describe('Ipam text path', () => {
  it('gives and takes back what the BigInt path of a twin pool does', () => {
    fc.assert(
      fc.property(setting, steps, (where, plan) => {
        const { family, network, prefix, rangeText } = where;
        const cidr = cidrText(family, network, prefix);
        const flags = rangeText === undefined ? {} : { ipRange: rangeText };
        const ipam = new Ipam();
        ipam.addNetwork({
          id: 'n',
          name: 'net',
          ipv4: family === 4,
          ipv6: family === 6,
          subnets: [subnet(cidr, flags)],
        });
        const twin = new SubnetPool({ subnet: subnet(cidr, flags), network: 'net' });
        const field = family === 4 ? 'ipv4Address' : 'ipv6Address';
        const live: bigint[] = [];
        for (const step of plan) {
          if (step.op === 'connect') {
            const value = twin.tryAllocate();
            if (value === null) {
              expect(() => ipam.allocateEndpoint({ network: 'n' })).toThrow(/No free/);
              continue;
            }
            const given = ipam.allocateEndpoint({ network: 'n' })[field];
            expect(given).toBe(formatInterfaceAddress({ family, value }, prefix));
            live.push(value);
          } else {
            // A held address, or one near it (outside the subnet, reserved, or free).
            const held = live.length > 0 ? (live[step.pick % live.length] as bigint) : network;
            const wide = 1n << BigInt(familyBits(family));
            const value = (((held + step.near) % wide) + wide) % wide;
            const text = spelled(family, value, prefix, step.spelling);
            const parsed = parseAddress(text.split('/')[0] ?? '');
            const expected = parsed && parsed.value === value && twin.release(value) ? 1 : 0;
            expect(ipam.releaseEndpoint({ network: 'n', [field]: text })).toBe(expected);
            if (expected === 1) live.splice(live.indexOf(value), 1);
          }
          expect(ipam.pools('n')[0]?.endpoints).toBe(twin.endpoints);
        }
      }),
      { numRuns: 400 },
    );
  });
});

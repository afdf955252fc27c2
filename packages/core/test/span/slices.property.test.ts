import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cidr,
  cidrCovers,
  cidrOverlaps,
  cidrSize,
  type Family,
  familyBits,
  formatCidr,
  parseCidr,
  prefixMask,
} from '../../src/ip';
import { coordinateRanges, freeSlices, layoutOf, sliceCountFor, usableCount } from '../../src/span';

// Properties of the slicing across random subnets, user ranges and host counts:
// every host's range is inside the subnet (and the user's range), CIDR-aligned,
// disjoint from every other host's, and holds an address a container can get.

interface Case {
  family: Family;
  subnet: Cidr;
  range: Cidr | null;
  hosts: number;
}

const caseOf = (family: Family): fc.Arbitrary<Case> => {
  const bits = familyBits(family);
  const prefix = family === 4 ? fc.integer({ min: 8, max: 31 }) : fc.integer({ min: 40, max: 127 });
  return fc
    .record({
      prefix,
      seed: fc.bigInt(0n, (1n << BigInt(bits)) - 1n),
      extra: fc.integer({ min: 0, max: 6 }),
      useRange: fc.boolean(),
      hosts: fc.integer({ min: 2, max: 9 }),
    })
    .map(({ prefix, seed, extra, useRange, hosts }) => {
      const network = seed & prefixMask(family, prefix);
      const subnet: Cidr = { family, network, prefix, written: network };
      const rp = Math.min(bits, prefix + extra);
      const rn = seed & prefixMask(family, rp);
      return {
        family,
        subnet,
        range: useRange ? { family, network: rn, prefix: rp, written: rn } : null,
        hosts,
      };
    });
};

// Network, broadcast and default gateway as the seed defines them (v4 /31: both
// addresses are hosts and the gateway is the first; v6: no broadcast).
const reservedModel = (subnet: Cidr): bigint[] => {
  const last = subnet.network + cidrSize(subnet) - 1n;
  if (subnet.family === 4)
    return subnet.prefix >= 31 ? [subnet.network] : [subnet.network, subnet.network + 1n, last];
  return subnet.prefix >= 127 ? [subnet.network + 1n] : [subnet.network, subnet.network + 1n];
};

const names = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => `host-${String(i).padStart(2, '0')}`);

describe('slicing properties', () => {
  for (const family of [4, 6] as const) {
    it(`IPv${family}: each host's range lies in the subnet and the user's range, is aligned, disjoint and usable; or the field is named`, () => {
      fc.assert(
        fc.property(caseOf(family), ({ subnet, range, hosts }) => {
          const entry = {
            subnet: formatCidr(subnet),
            ...(range ? { ipRange: formatCidr(range) } : {}),
          };
          const c = coordinateRanges({
            request: { name: 'n', ipam: [entry] },
            hosts: names(hosts),
          });
          if (c.issues.length) {
            expect(c.issues).toHaveLength(1);
            expect(c.issues[0]).toMatchObject({
              code: 'SUBNET_TOO_SMALL',
              path: ['ipam', 0, range ? 'ipRange' : 'subnet'],
            });
            expect(c.ranges).toEqual([]);
            return;
          }
          expect(c.ranges).toHaveLength(hosts);
          const slices = c.ranges.map((r) => parseCidr(r.ipRange) as Cidr);
          for (const [i, s] of slices.entries()) {
            expect(s.written).toBe(s.network); // aligned: no host bits
            expect(cidrCovers(subnet, s)).toBe(true);
            if (range) expect(cidrCovers(range, s)).toBe(true);
            for (const other of slices.slice(i + 1)) expect(cidrOverlaps(s, other)).toBe(false);
            expect(usableCount(s, reservedModel(subnet))).toBeGreaterThan(0n);
          }
          const base = range ?? subnet;
          expect(
            slices.every((s) => s.prefix === base.prefix + Math.log2(sliceCountFor(hosts))),
          ).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('refuses only when too few slices are usable: a base with 4 addresses per slice always fits', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 60 }),
        fc.integer({ min: 0, max: 8 }),
        (hosts, spare) => {
          const count = sliceCountFor(hosts);
          expect(count).toBeGreaterThan(hosts);
          expect(count).toBeLessThanOrEqual(2 * hosts + 1);
          const prefix = 32 - 2 - Math.log2(count) - spare;
          if (prefix < 1) return;
          const subnet = parseCidr(`10.0.0.0/${prefix}`) as Cidr;
          const layout = layoutOf(subnet, count);
          expect(layout).not.toBeNull();
          expect(
            freeSlices(
              layout!,
              [],
              [subnet.network, subnet.network + 1n, subnet.network + cidrSize(subnet) - 1n],
            ).length,
          ).toBe(count);
        },
      ),
    );
  });

  it('a host added later never gets a slice a peer holds', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        (first, later) => {
          const request = { name: 'n', ipam: [{ subnet: '10.20.0.0/20' }] };
          const made = coordinateRanges({ request, hosts: names(first) });
          const peers = made.requests.map(({ host, request: r }) => ({
            host,
            network: {
              id: host,
              name: 'n',
              driver: 'ipvlan' as const,
              mode: 'l2' as const,
              flag: 'bridge' as const,
              parent: 'p',
              parentKind: 'dummy' as const,
              internal: false,
              ipv4: true,
              ipv6: false,
              subnets: [
                {
                  family: 4 as const,
                  subnet: '10.20.0.0/20',
                  ipRange: r.ipam?.[0]?.ipRange,
                  auxAddresses: {},
                  fromDefaultPool: false,
                },
              ],
              labels: r.labels ?? {},
              options: {},
              created: '',
              status: 'ok' as const,
            },
          }));
          const added = coordinateRanges({
            request,
            hosts: names(first + later).slice(first),
            peers,
          });
          const free = sliceCountFor(first) - first;
          if (later > free) {
            expect(added.issues[0]).toMatchObject({ code: 'SUBNET_TOO_SMALL' });
            return;
          }
          const all = [...made.ranges, ...added.ranges].map((r) => parseCidr(r.ipRange) as Cidr);
          for (const [i, s] of all.entries())
            for (const other of all.slice(i + 1)) expect(cidrOverlaps(s, other)).toBe(false);
        },
      ),
    );
  });
});

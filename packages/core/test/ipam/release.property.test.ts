// Release frees exactly (issue 16): through the host registry, with the text
// the endpoint records hold, random connects and disconnects on a dual-stack
// network agree with a model that keeps the set of addresses handed out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAddress, parseAddress } from '../../src/ip';
import { Ipam } from '../../src/ipam/ipam';
import type { AllocatedAddresses } from '../../src/ipam/endpoint-addresses';
import { subnet } from './helpers';

type Step = { op: 'connect' } | { op: 'disconnect'; pick: number } | { op: 'again'; pick: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ op: 'connect' as const }) },
  { weight: 2, arbitrary: fc.nat().map((pick) => ({ op: 'disconnect' as const, pick })) },
  { weight: 1, arbitrary: fc.nat().map((pick) => ({ op: 'again' as const, pick })) },
);

/** The lowest address of the subnet (from `first`) that is not in `taken`. */
function lowestFree(first: string, taken: Set<string>): string {
  const start = parseAddress(first);
  if (!start) throw new Error(first);
  for (let value = start.value; ; value++) {
    const text = formatAddress({ family: start.family, value });
    if (!taken.has(text)) return text;
  }
}

const plain = (text: string | undefined): string => (text ?? '').split('/')[0] ?? '';

function network(): Ipam {
  const ipam = new Ipam();
  ipam.addNetwork({
    id: 'n',
    name: 'net',
    ipv4: true,
    ipv6: true,
    subnets: [
      subnet('10.9.0.0/24', { gateway: '10.9.0.1' }),
      subnet('2001:db8:9::/64', { gateway: '2001:db8:9::1' }),
    ],
  });
  return ipam;
}

describe('Ipam release', () => {
  it('frees exactly the addresses of the endpoint, in both families, once', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const ipam = network();
        const live: AllocatedAddresses[] = [];
        const gone: AllocatedAddresses[] = [];
        const held = { 4: new Set<string>(), 6: new Set<string>() };
        for (const s of steps) {
          if (s.op === 'connect') {
            const got = ipam.allocateEndpoint({ network: 'n' });
            // Lowest free first: so a released address is the next one given.
            expect(plain(got.ipv4Address)).toBe(lowestFree('10.9.0.2', held[4]));
            expect(plain(got.ipv6Address)).toBe(lowestFree('2001:db8:9::2', held[6]));
            held[4].add(plain(got.ipv4Address));
            held[6].add(plain(got.ipv6Address));
            live.push(got);
          } else if (s.op === 'disconnect' && live.length > 0) {
            const [addresses] = live.splice(s.pick % live.length, 1);
            if (!addresses) continue;
            expect(ipam.releaseEndpoint({ network: 'n', ...addresses })).toBe(2);
            held[4].delete(plain(addresses.ipv4Address));
            held[6].delete(plain(addresses.ipv6Address));
            gone.push(addresses);
          } else if (s.op === 'again' && gone.length > 0) {
            // A second release of an endpoint already gone frees nothing, even
            // when its addresses were handed out again since.
            const addresses = gone[s.pick % gone.length] as AllocatedAddresses;
            const before = ipam.pools('n').map((pool) => pool.endpoints);
            const reused = held[4].has(plain(addresses.ipv4Address));
            if (!reused) expect(ipam.releaseEndpoint({ network: 'n', ...addresses })).toBe(0);
            expect(ipam.pools('n').map((pool) => pool.endpoints)).toEqual(before);
          }
          expect(ipam.pools('n').map((pool) => pool.endpoints)).toEqual([
            held[4].size,
            held[6].size,
          ]);
        }
        for (const addresses of live) ipam.releaseEndpoint({ network: 'n', ...addresses });
        expect(ipam.pools('n').map((pool) => pool.endpoints)).toEqual([0, 0]);
        expect(ipam.removeNetwork('n')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

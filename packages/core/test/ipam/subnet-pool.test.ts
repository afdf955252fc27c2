import { describe, expect, it } from 'vitest';
import { AddressSpace } from '../../src/ipam/address-space';
import { SubnetPool } from '../../src/ipam/subnet-pool';
import { domainError, drain, ip, pool, subnet, text } from './helpers';

describe('SubnetPool reserved addresses (network, broadcast, subnet-router anycast)', () => {
  it.each([
    // cidr, every dynamic address in order
    ['10.0.0.0/30', ['10.0.0.1', '10.0.0.2']], // network .0 and broadcast .3 reserved
    ['10.0.0.0/29', ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4', '10.0.0.5', '10.0.0.6']],
    ['10.0.0.4/31', ['10.0.0.4', '10.0.0.5']], // RFC 3021: both usable
    ['10.0.0.9/32', ['10.0.0.9']],
    ['2001:db8::/126', ['2001:db8::1', '2001:db8::2', '2001:db8::3']], // ::0 anycast reserved, no broadcast in v6
    ['2001:db8::/127', ['2001:db8::', '2001:db8::1']], // RFC 6164: both usable
    ['2001:db8::5/128', ['2001:db8::5']],
  ])('%s hands out exactly %j', (cidr, expected) => {
    expect(drain(pool(cidr))).toEqual(expected);
  });

  it.each([
    ['10.0.0.0/24', '10.0.0.0', 'network address'],
    ['10.0.0.0/24', '10.0.0.255', 'broadcast address'],
    ['2001:db8::/64', '2001:db8::', 'subnet-router anycast address'],
  ])('%s refuses static %s as ADDRESS_RESERVED (%s)', (cidr, address, label) => {
    const error = domainError(() => pool(cidr).allocateStatic(ip(address)));
    expect(error.code).toBe('ADDRESS_RESERVED');
    expect(error.message).toContain(label);
  });

  it.each([
    ['10.0.0.4/31', '10.0.0.4'],
    ['10.0.0.9/32', '10.0.0.9'],
    ['2001:db8::/127', '2001:db8::'],
    ['2001:db8::5/128', '2001:db8::5'],
  ])('point-to-point %s accepts static %s', (cidr, address) => {
    const target = pool(cidr);
    target.allocateStatic(ip(address));
    expect(target.usage().ipsInUse).toBe(1n);
  });
});

describe('SubnetPool gateway and aux addresses', () => {
  it('skips the gateway and aux addresses in dynamic allocation, wherever they are', () => {
    const target = pool('10.1.0.0/29', {
      gateway: '10.1.0.1',
      auxAddresses: { router: '10.1.0.3', printer: '10.1.0.6' },
    });
    expect(drain(target)).toEqual(['10.1.0.2', '10.1.0.4', '10.1.0.5']);
  });

  it.each([
    ['10.1.0.1', 'gateway'],
    ['10.1.0.3', 'aux address "router"'],
  ])('refuses static %s (%s) as ADDRESS_RESERVED', (address, label) => {
    const target = pool('10.1.0.0/24', {
      gateway: '10.1.0.1',
      auxAddresses: { router: '10.1.0.3' },
    });
    const error = domainError(() => target.allocateStatic(ip(address)));
    expect(error).toMatchObject({ code: 'ADDRESS_RESERVED', path: ['ipv4Address'] });
    expect(error.message).toContain(label);
  });

  it('does not give the gateway back on release', () => {
    const target = pool('2001:db8::/64', { gateway: '2001:db8::1' });
    expect(target.release(ip('2001:db8::1'))).toBe(false);
    expect(text(6, target.allocate())).toBe('2001:db8::2');
  });

  it.each([
    [{ gateway: '10.2.0.1' }, 'GATEWAY_OUTSIDE_SUBNET', ['ipam', 0, 'gateway']],
    [
      { auxAddresses: { a: '10.2.0.1' } },
      'AUX_ADDRESS_OUTSIDE_SUBNET',
      ['ipam', 0, 'auxAddresses', 'a'],
    ],
    [{ auxAddresses: { a: 'nope' } }, 'INVALID_ADDRESS', ['ipam', 0, 'auxAddresses', 'a']],
    [{ ipRange: '10.2.0.0/28' }, 'IP_RANGE_OUTSIDE_SUBNET', ['ipam', 0, 'ipRange']],
  ])('refuses a pool with %j (%s)', (flags, code, path) => {
    expect(domainError(() => pool('10.1.0.0/24', flags))).toMatchObject({ code, path });
  });
});

describe('SubnetPool ip-range', () => {
  it('limits dynamic allocation to the range, lowest first', () => {
    expect(drain(pool('10.1.0.0/24', { ipRange: '10.1.0.8/30' }))).toEqual([
      '10.1.0.8',
      '10.1.0.9',
      '10.1.0.10',
      '10.1.0.11',
    ]);
  });

  it('takes static addresses anywhere in the subnet, outside the range too', () => {
    const target = pool('10.1.0.0/24', { ipRange: '10.1.0.8/30' });
    target.allocateStatic(ip('10.1.0.200'));
    expect(target.usage()).toEqual({ ipsInUse: 3n, dynamicIpsAvailable: 4n });
  });

  it('lets a static address inside the range be skipped by dynamic allocation', () => {
    const target = pool('10.1.0.0/24', { ipRange: '10.1.0.8/30' });
    target.allocateStatic(ip('10.1.0.8'));
    expect(text(4, target.allocate())).toBe('10.1.0.9');
  });

  it.each([
    ['10.1.0.0/24', '10.2.0.1', 'ADDRESS_OUTSIDE_SUBNET'],
    ['10.1.0.0/24', '2001:db8::1', 'ADDRESS_OUTSIDE_SUBNET'],
    ['2001:db8::/64', '2001:db9::1', 'ADDRESS_OUTSIDE_SUBNET'],
  ])('%s refuses static %s (%s)', (cidr, address, code) => {
    expect(domainError(() => pool(cidr).allocateStatic(ip(address))).code).toBe(code);
  });
});

describe('SubnetPool exhaustion, release and reuse', () => {
  it('says which network, subnet and range are full', () => {
    const target = pool('10.1.0.0/24', { ipRange: '10.1.0.8/31' });
    drain(target);
    const error = domainError(() => target.allocate());
    expect(error).toMatchObject({ code: 'ADDRESS_EXHAUSTED', path: ['network'] });
    expect(error.issues[0]?.message).toBe(
      'No free IPv4 address left in 10.1.0.0/24 (ip-range 10.1.0.8/31) of network "net".',
    );
  });

  it('refuses an address in use, then gives it again at once after release', () => {
    const target = pool('10.1.0.0/24');
    target.allocateStatic(ip('10.1.0.7'));
    expect(domainError(() => target.allocateStatic(ip('10.1.0.7'))).code).toBe('ADDRESS_IN_USE');
    expect(target.release(ip('10.1.0.7'))).toBe(true);
    target.allocateStatic(ip('10.1.0.7'));
  });

  it.each([['10.1.0.0/24'], ['2001:db8::/64'], ['fd00::/48']])(
    'reuses a released address at once in %s (no "Address already in use")',
    (cidr) => {
      const target = pool(cidr);
      const [a, b, c] = [target.allocate(), target.allocate(), target.allocate()];
      expect(target.release(b)).toBe(true);
      expect(target.allocate()).toBe(b);
      expect(target.release(c)).toBe(true);
      target.allocateStatic(c);
      expect(target.release(a)).toBe(true);
      expect(target.allocate()).toBe(a);
    },
  );

  it('treats release as idempotent: false when not in use or outside', () => {
    const target = pool('10.1.0.0/24');
    const value = target.allocate();
    expect(target.release(value)).toBe(true);
    expect(target.release(value)).toBe(false);
    expect(target.release(ip('10.9.0.1'))).toBe(false);
    expect(target.endpoints).toBe(0);
  });
});

describe('SubnetPool usage counters', () => {
  it.each([
    // cidr, flags, [static…], dynamic count, ipsInUse, dynamicIpsAvailable
    ['10.1.0.0/24', {}, [], 0, 2n, 254n],
    [
      '10.1.0.0/24',
      { gateway: '10.1.0.1', auxAddresses: { a: '10.1.0.2' } },
      ['10.1.0.100'],
      3,
      8n,
      248n,
    ],
    [
      '10.1.0.0/24',
      { gateway: '10.1.0.1', ipRange: '10.1.0.128/25' },
      ['10.1.0.5', '10.1.0.200'],
      2,
      7n,
      124n,
    ], // .255 broadcast, .200, .128, .129 taken in the range,
    ['10.1.0.4/31', {}, [], 1, 1n, 1n],
    ['2001:db8::/64', { gateway: '2001:db8::1' }, [], 10, 12n, 2n ** 63n - 12n],
    ['2001:db8::/120', {}, ['2001:db8::ff'], 1, 3n, 253n],
    ['2001:db8::/48', { ipRange: '2001:db8:0:8000::/49' }, [], 0, 1n, 2n ** 63n],
  ] as const)(
    '%s %j statics %j + %i dynamic → in use %s, available %s',
    (cidr, flags, statics, dynamic, inUse, available) => {
      const target = pool(cidr, flags);
      for (const address of statics) target.allocateStatic(ip(address));
      for (let i = 0; i < dynamic; i++) target.allocate();
      expect(target.usage()).toEqual({ ipsInUse: inUse, dynamicIpsAvailable: available });
    },
  );
});

describe('SubnetPool on large subnets', () => {
  it.each([['2001:db8:1::/64'], ['10.0.0.0/8'], ['fd00::/16']])(
    'allocates 10,000 addresses in %s with one run of memory',
    (cidr) => {
      const target = pool(cidr);
      let last = 0n;
      for (let i = 0; i < 10_000; i++) last = target.allocate();
      expect(last - target.cidr.network).toBe(10_000n); // offset 0 is reserved, so 1 … 10,000
      expect(target.space.set.runCount).toBe(target.cidr.family === 4 ? 2 : 1); // the v4 broadcast is a run of its own
      expect(target.usage().ipsInUse).toBe(target.cidr.family === 4 ? 10_002n : 10_001n); // + network (+ broadcast)
    },
  );

  it('takes static addresses at the far end of a /64 and of a /16 (beyond 2^53)', () => {
    for (const [cidr, far] of [
      ['2001:db8::/64', '2001:db8::ffff:ffff:ffff:fffe'],
      ['fd00::/16', 'fd00:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    ]) {
      const target = pool(cidr as string);
      target.allocateStatic(ip(far as string));
      expect(domainError(() => target.allocateStatic(ip(far as string))).code).toBe(
        'ADDRESS_IN_USE',
      );
      expect(target.release(ip(far as string))).toBe(true);
      target.allocateStatic(ip(far as string));
    }
  });

  it('allocates from a range in the upper half of a /64 (offsets beyond 2^53)', () => {
    const target = pool('2001:db8::/64', { ipRange: '2001:db8::ffff:ffff:ffff:fffc/126' });
    expect(drain(target)).toEqual([
      '2001:db8::ffff:ffff:ffff:fffc',
      '2001:db8::ffff:ffff:ffff:fffd',
      '2001:db8::ffff:ffff:ffff:fffe',
      '2001:db8::ffff:ffff:ffff:ffff',
    ]);
  });

  it('looks at no more than 2^63 addresses of a dynamic IPv6 range (as Docker)', () => {
    const target = pool('fd00::/56');
    expect(target.usage().dynamicIpsAvailable).toBe(2n ** 63n - 1n);
  });
});

describe('SubnetPool sharing one AddressSpace', () => {
  it('never gives the same address to two pools of the identical subnet', () => {
    const space = new AddressSpace(pool('10.1.0.0/24').cidr);
    const a = new SubnetPool({
      subnet: subnet('10.1.0.0/24', { ipRange: '10.1.0.0/25' }),
      network: 'a',
      space,
    });
    const b = new SubnetPool({
      subnet: subnet('10.1.0.0/24', { ipRange: '10.1.0.128/25', gateway: '10.1.0.129' }),
      network: 'b',
      space,
    });
    a.allocateStatic(ip('10.1.0.130'));
    expect(text(4, b.allocate())).toBe('10.1.0.128');
    expect(text(4, b.allocate())).toBe('10.1.0.131');
    expect(domainError(() => a.allocateStatic(ip('10.1.0.129'))).code).toBe('ADDRESS_RESERVED');
    b.close();
    a.allocateStatic(ip('10.1.0.129')); // b's gateway is free once b is gone
  });
});

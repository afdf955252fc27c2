import { describe, expect, it } from 'vitest';
import { Ipam, type IpamNetwork } from '../../src/ipam/ipam';
import { domainError, subnet, type SubnetFlags } from './helpers';

const net = (
  id: string,
  subnets: [string, SubnetFlags?][],
  ipv6 = subnets.some(([cidr]) => cidr.includes(':')),
): IpamNetwork => ({
  id,
  name: `name-${id}`,
  ipv4: true,
  ipv6,
  subnets: subnets.map(([cidr, flags]) => subnet(cidr, flags)),
});

const dual = net('d', [
  ['10.1.0.0/24', { gateway: '10.1.0.1' }],
  ['2001:db8:1::/64', { gateway: '2001:db8:1::1' }],
]);

describe('Ipam.allocateEndpoint', () => {
  it('gives one address per family, as addr/prefix', () => {
    const ipam = new Ipam();
    ipam.addNetwork(dual);
    expect(ipam.allocateEndpoint({ network: 'd' })).toEqual({
      ipv4Address: '10.1.0.2/24',
      ipv6Address: '2001:db8:1::2/64',
    });
    expect(
      ipam.allocateEndpoint({
        network: 'd',
        ipv4Address: '10.1.0.50',
        ipv6Address: '2001:db8:1::50',
      }),
    ).toEqual({ ipv4Address: '10.1.0.50/24', ipv6Address: '2001:db8:1::50/64' });
  });

  it("keeps an internal L2 network's reserved gateway from containers, as Docker does", () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('i', [['10.9.0.0/24', { reservedGateway: '10.9.0.1' }]]));
    expect(ipam.allocateEndpoint({ network: 'i' }).ipv4Address).toBe('10.9.0.2/24');
    const refused = domainError(() =>
      ipam.allocateEndpoint({ network: 'i', ipv4Address: '10.9.0.1' }),
    );
    expect(refused.issues[0]?.code).toBe('ADDRESS_RESERVED');
  });

  it('gives only IPv4 on an IPv4-only network, and skips subnets of a disabled family', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('v4', [['10.1.0.0/24']]));
    ipam.addNetwork({ ...net('off', [['10.2.0.0/24'], ['2001:db8:2::/64']]), ipv6: false });
    expect(ipam.allocateEndpoint({ network: 'v4' })).toEqual({ ipv4Address: '10.1.0.1/24' });
    expect(ipam.allocateEndpoint({ network: 'off' })).toEqual({ ipv4Address: '10.2.0.1/24' });
  });

  it('is all or nothing: a failing IPv6 address gives the IPv4 one back', () => {
    const ipam = new Ipam();
    ipam.addNetwork(dual);
    ipam.allocateEndpoint({ network: 'd', ipv6Address: '2001:db8:1::9' });
    const error = domainError(() =>
      ipam.allocateEndpoint({ network: 'd', ipv6Address: '2001:db8:1::9' }),
    );
    expect(error).toMatchObject({ code: 'ADDRESS_IN_USE', path: ['ipv6Address'] });
    expect(ipam.usage('d')['10.1.0.0/24']?.ipsInUse).toBe(4n); // .0 .255 .1 and the first endpoint's .2: not the failed one's .3
    expect(ipam.allocateEndpoint({ network: 'd' }).ipv4Address).toBe('10.1.0.3/24');
  });

  it('puts a static address in whichever subnet holds it, and a dynamic one in the first subnet with room', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('m', [['10.1.0.0/30'], ['10.2.0.0/24']]));
    expect(ipam.allocateEndpoint({ network: 'm', ipv4Address: '10.2.0.77' }).ipv4Address).toBe(
      '10.2.0.77/24',
    );
    const dynamic = [1, 2, 3].map(() => ipam.allocateEndpoint({ network: 'm' }).ipv4Address);
    expect(dynamic).toEqual(['10.1.0.1/30', '10.1.0.2/30', '10.2.0.1/24']);
  });

  it.each([
    [
      { ipv4Address: '10.9.0.1' },
      'ADDRESS_OUTSIDE_SUBNET',
      ['ipv4Address'],
      'No subnet of network "name-d" contains 10.9.0.1',
    ],
    [{ ipv4Address: '10.1.0.1' }, 'ADDRESS_RESERVED', ['ipv4Address'], 'gateway'],
    [
      { ipv4Address: '10.1.0.5/24' },
      'INVALID_ADDRESS',
      ['ipv4Address'],
      'not a usable IPv4 address',
    ],
    [
      { ipv4Address: '2001:db8:1::5' },
      'INVALID_ADDRESS',
      ['ipv4Address'],
      'not a usable IPv4 address',
    ],
    [{ ipv6Address: '::' }, 'INVALID_ADDRESS', ['ipv6Address'], 'not a usable IPv6 address'],
    [{ ipv6Address: '2001:db8:1::' }, 'ADDRESS_RESERVED', ['ipv6Address'], 'subnet-router anycast'],
  ])('refuses %j with %s', (request, code, path, words) => {
    const ipam = new Ipam();
    ipam.addNetwork(dual);
    const error = domainError(() => ipam.allocateEndpoint({ network: 'd', ...request }));
    expect(error).toMatchObject({ code, path });
    expect(error.message).toContain(words);
    expect(ipam.usage('d')['10.1.0.0/24']?.ipsInUse).toBe(3n); // nothing kept
  });

  it('refuses an IPv6 address on a network without an IPv6 subnet', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('v4', [['10.1.0.0/24']]));
    expect(
      domainError(() => ipam.allocateEndpoint({ network: 'v4', ipv6Address: '2001:db8::5' })),
    ).toMatchObject({ code: 'ADDRESS_OUTSIDE_SUBNET', path: ['ipv6Address'] });
  });

  it('names the network and every subnet when all are full', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('f', [['10.1.0.0/31'], ['10.2.0.0/24', { ipRange: '10.2.0.4/32' }]]));
    for (let i = 0; i < 3; i++) ipam.allocateEndpoint({ network: 'f' });
    const error = domainError(() => ipam.allocateEndpoint({ network: 'f' }));
    expect(error.code).toBe('ADDRESS_EXHAUSTED');
    expect(error.issues[0]?.message).toBe(
      'No free IPv4 address left in 10.1.0.0/31, 10.2.0.0/24 (ip-range 10.2.0.4/32) of network "name-f".',
    );
  });
});

describe('Ipam shared subnets (identical subnet, distinct ip-ranges)', () => {
  it('shares one address set, so two networks never get the same address', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('a', [['10.5.0.0/24', { gateway: '10.5.0.1', ipRange: '10.5.0.0/25' }]]));
    ipam.addNetwork(net('b', [['10.5.0.0/24', { gateway: '10.5.0.1', ipRange: '10.5.0.128/25' }]]));
    expect(ipam.allocateEndpoint({ network: 'a', ipv4Address: '10.5.0.128' }).ipv4Address).toBe(
      '10.5.0.128/24',
    );
    expect(ipam.allocateEndpoint({ network: 'b' }).ipv4Address).toBe('10.5.0.129/24');
    expect(
      domainError(() => ipam.allocateEndpoint({ network: 'b', ipv4Address: '10.5.0.128' })).code,
    ).toBe('ADDRESS_IN_USE');
    expect(ipam.usage('b')['10.5.0.0/24']).toEqual({ ipsInUse: 5n, dynamicIpsAvailable: 125n });
  });

  it('keeps the shared gateway reserved until its last network goes', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('a', [['10.5.0.0/24', { gateway: '10.5.0.1', ipRange: '10.5.0.0/25' }]]));
    ipam.addNetwork(net('b', [['10.5.0.0/24', { gateway: '10.5.0.1', ipRange: '10.5.0.128/25' }]]));
    expect(ipam.removeNetwork('a')).toBe(true);
    expect(
      domainError(() => ipam.allocateEndpoint({ network: 'b', ipv4Address: '10.5.0.1' })).code,
    ).toBe('ADDRESS_RESERVED');
    ipam.removeNetwork('b');
    ipam.addNetwork(net('c', [['10.5.0.0/24']]));
    expect(ipam.allocateEndpoint({ network: 'c' }).ipv4Address).toBe('10.5.0.1/24');
  });
});

describe('Ipam networks and release', () => {
  it('refuses to reserve a gateway already given to a container, and keeps nothing of the failed network', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('a', [['10.5.0.0/24', { ipRange: '10.5.0.0/25' }]]));
    ipam.allocateEndpoint({ network: 'a', ipv4Address: '10.5.0.200' });
    const bad = net('b', [
      ['10.6.0.0/24', { gateway: '10.6.0.1' }],
      ['10.5.0.0/24', { gateway: '10.5.0.200', ipRange: '10.5.0.128/25' }],
    ]);
    expect(domainError(() => ipam.addNetwork(bad))).toMatchObject({
      code: 'ADDRESS_IN_USE',
      path: ['ipam', 1, 'gateway'],
    });
    expect(domainError(() => ipam.usage('b')).code).toBe('NOT_FOUND');
    ipam.addNetwork(net('c', [['10.6.0.0/24']]));
    expect(ipam.allocateEndpoint({ network: 'c' }).ipv4Address).toBe('10.6.0.1/24'); // b's gateway was not left reserved
  });

  it('refuses a second network with the same id, and removing a network with endpoints', () => {
    const ipam = new Ipam();
    ipam.addNetwork(dual);
    expect(domainError(() => ipam.addNetwork(dual)).code).toBe('NETWORK_EXISTS');
    const addresses = ipam.allocateEndpoint({ network: 'd' });
    expect(domainError(() => ipam.removeNetwork('d')).code).toBe('NETWORK_HAS_ENDPOINTS');
    expect(ipam.releaseEndpoint({ network: 'd', ...addresses })).toBe(2);
    expect(ipam.removeNetwork('d')).toBe(true);
    expect(ipam.removeNetwork('d')).toBe(false);
  });

  it('releases idempotently and reuses the released addresses at once, both families', () => {
    const ipam = new Ipam();
    ipam.addNetwork(dual);
    const first = ipam.allocateEndpoint({ network: 'd', ipv6Address: '2001:db8:1::beef' });
    expect(ipam.releaseEndpoint({ network: 'd', ...first })).toBe(2);
    expect(ipam.releaseEndpoint({ network: 'd', ...first })).toBe(0);
    expect(ipam.releaseEndpoint({ network: 'gone', ...first })).toBe(0);
    expect(ipam.allocateEndpoint({ network: 'd', ipv6Address: '2001:db8:1::beef' })).toEqual(first);
  });
});

describe('Ipam.restore', () => {
  it('rebuilds the state from stored records, then allocates after them', () => {
    const ipam = new Ipam();
    ipam.addNetwork(net('old', [['10.9.0.0/24']]));
    const problems = ipam.restore(
      [dual],
      [
        { networkId: 'd', ipv4Address: '10.1.0.2/24', ipv6Address: '2001:db8:1::2/64' },
        { networkId: 'd', ipv4Address: '10.1.0.3/24' },
      ],
    );
    expect(problems).toEqual([]);
    expect(domainError(() => ipam.usage('old')).code).toBe('NOT_FOUND');
    expect(ipam.allocateEndpoint({ network: 'd' })).toEqual({
      ipv4Address: '10.1.0.4/24',
      ipv6Address: '2001:db8:1::3/64',
    });
  });

  it('reports the records it cannot replay instead of refusing to start', () => {
    const ipam = new Ipam();
    const problems = ipam.restore(
      [dual, net('bad', [['10.1.0.0/24', { gateway: '10.2.0.1' }]])],
      [
        { networkId: 'd', ipv4Address: '10.1.0.2/24' },
        { networkId: 'd', ipv4Address: '10.1.0.2/24' },
        { networkId: 'd', ipv4Address: '10.1.0.1/24' },
        { networkId: 'd', ipv6Address: '2001:db9::1/64' },
        { networkId: 'nope', ipv4Address: '10.1.0.7/24' },
      ],
    );
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['GATEWAY_OUTSIDE_SUBNET', ['networks', 1, 'ipam', 0, 'gateway']],
      ['ADDRESS_IN_USE', ['endpoints', 1, 'ipv4Address']],
      ['ADDRESS_RESERVED', ['endpoints', 2, 'ipv4Address']],
      ['ADDRESS_OUTSIDE_SUBNET', ['endpoints', 3, 'ipv6Address']],
      ['NOT_FOUND', ['endpoints', 4, 'networkId']],
    ]);
    expect(ipam.pools('d')[0]?.endpoints).toBe(1);
  });
});

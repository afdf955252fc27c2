import { describe, expect, it } from 'vitest';
import { type IpamConfig, resolveNetworkCreate, validateNetworkCreate } from '../../src';
import {
  expectIssue,
  expectNoErrors,
  expectNoIssue,
  hostOf,
  requestOf,
  withNetwork,
} from './helpers';

const host = hostOf();
const ipam = (entries: IpamConfig[], extra: object = {}) =>
  validateNetworkCreate(requestOf({ ipam: entries, ...extra }), host);
const v6 = { ipv6: true };

describe('INVALID_SUBNET', () => {
  it.each(['192.168.1.0/24', '10.0.0.0/8', '2001:db8::/64'])('accepts %j', (subnet) => {
    expectNoIssue(ipam([{ subnet }], v6), 'INVALID_SUBNET');
  });
  it.each([
    ['192.168.1.0', 'Add the prefix length'],
    ['192.168.1.0/33', 'ADDRESS/PREFIX'],
    ['192.168.1/24', 'ADDRESS/PREFIX'],
    ['2001:db8::/129', 'ADDRESS/PREFIX'],
    ['fe80::1%eth0/64', 'ADDRESS/PREFIX'],
    ['eth0', 'ADDRESS/PREFIX'],
    ['', 'ADDRESS/PREFIX'],
  ])('refuses %j', (subnet, hint) => {
    const problem = expectIssue(
      ipam([{ subnet }], v6),
      'INVALID_SUBNET',
      ['ipam', 0, 'subnet'],
      `"${subnet}"`,
    );
    expect(problem.hint).toContain(hint);
  });
});

describe('SUBNET_HOST_BITS', () => {
  it.each([
    ['10.1.100.0/16', '10.1.0.0/16'],
    ['172.16.50.0/22', '172.16.48.0/22'],
    ['192.168.1.1/24', '192.168.1.0/24'],
    ['2001:db8:abc1::1/64', '2001:db8:abc1::/64'],
  ])('refuses %j and gives the masked form %j', (subnet, masked) => {
    const problem = expectIssue(
      ipam([{ subnet }], v6),
      'SUBNET_HOST_BITS',
      ['ipam', 0, 'subnet'],
      subnet,
    );
    expect(problem.message).toContain(`it should be ${masked}`);
  });
  it.each(['10.1.0.0/16', '172.16.48.0/22', '192.168.1.0/24', '10.1.100.0/24'])(
    'accepts %j',
    (subnet) => {
      expectNoIssue(ipam([{ subnet }]), 'SUBNET_HOST_BITS');
    },
  );
});

describe('SUBNET_TOO_SMALL', () => {
  it.each([['192.168.1.1/32'], ['2001:db8::1/128']])('refuses %j', (subnet) => {
    expectIssue(ipam([{ subnet }], v6), 'SUBNET_TOO_SMALL', ['ipam', 0, 'subnet'], subnet);
  });
  it.each(['192.168.1.0/31', '192.168.1.0/30', '2001:db8::/127'])('accepts %j', (subnet) => {
    expectNoErrors(ipam([{ subnet }], subnet.includes(':') ? v6 : {}));
  });
});

describe('INVALID_GATEWAY', () => {
  it.each([
    ['192.168.1', 'not an IP address'],
    ['192.168.1.1/24', 'without a prefix length'],
    ['gw', 'not an IP address'],
    ['192.168.1.0', 'network address'],
    ['192.168.1.255', 'broadcast address'],
  ])('refuses %j', (gateway, mentions) => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24', gateway }]),
      'INVALID_GATEWAY',
      ['ipam', 0, 'gateway'],
      gateway,
    );
    expect(`${problem.message} ${problem.hint}`).toContain(mentions);
  });
  it('refuses the IPv6 Subnet-Router anycast address', () => {
    expectIssue(
      ipam([{ subnet: '2001:db8::/64', gateway: '2001:db8::' }], { ...v6, ipv4: false }),
      'INVALID_GATEWAY',
      ['ipam', 0, 'gateway'],
      'anycast',
    );
  });
  it.each([
    ['192.168.1.0/31', '192.168.1.0'],
    ['192.168.1.0/31', '192.168.1.1'],
    ['192.168.1.0/24', '192.168.1.254'],
  ])(
    'accepts in %j the gateway %j (a /31 has no network or broadcast address)',
    (subnet, gateway) => {
      expectNoErrors(ipam([{ subnet, gateway }]));
    },
  );
});

describe('GATEWAY_OUTSIDE_SUBNET', () => {
  it.each([
    ['192.168.2.1', 'is not inside the subnet 192.168.1.0/24'],
    ['2001:db8::1', 'is IPv6 but the subnet 192.168.1.0/24 is IPv4'],
  ])('refuses %j', (gateway, mentions) => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24', gateway }], v6),
      'GATEWAY_OUTSIDE_SUBNET',
      ['ipam', 0, 'gateway'],
      gateway,
    );
    expect(problem.message).toContain(mentions);
  });
});

describe('INVALID_IP_RANGE', () => {
  it.each([
    ['192.168.1.128', 'not a CIDR'],
    ['192.168.1.130/25', 'it should be 192.168.1.128/25'],
  ])('refuses %j', (ipRange, mentions) => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24', ipRange }]),
      'INVALID_IP_RANGE',
      ['ipam', 0, 'ipRange'],
      ipRange,
    );
    expect(problem.message).toContain(mentions);
  });
  it('accepts a range inside the subnet, and the whole subnet', () => {
    expectNoErrors(ipam([{ subnet: '192.168.1.0/24', ipRange: '192.168.1.128/25' }]));
    expectNoErrors(ipam([{ subnet: '192.168.1.0/24', ipRange: '192.168.1.0/24' }]));
  });
});

describe('IP_RANGE_OUTSIDE_SUBNET', () => {
  it.each([
    ['192.168.2.0/25', 'is not inside'],
    ['192.168.0.0/16', 'is not inside'],
    ['2001:db8::/80', 'is IPv6'],
  ])('refuses %j', (ipRange, mentions) => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24', ipRange }], v6),
      'IP_RANGE_OUTSIDE_SUBNET',
      ['ipam', 0, 'ipRange'],
      ipRange,
    );
    expect(problem.message).toContain(mentions);
  });
});

describe('INVALID_AUX_ADDRESS', () => {
  it('refuses a value that is not an address, naming its key', () => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24', auxAddresses: { router: 'r1' } }]),
      'INVALID_AUX_ADDRESS',
      ['ipam', 0, 'auxAddresses', 'router'],
      '"r1"',
    );
    expect(problem.message).toContain('router');
  });
  it('accepts addresses inside the subnet', () => {
    expectNoErrors(
      ipam([{ subnet: '192.168.1.0/24', auxAddresses: { a: '192.168.1.5', b: '192.168.1.6' } }]),
    );
  });
});

describe('AUX_ADDRESS_OUTSIDE_SUBNET', () => {
  it.each([['192.168.2.5'], ['2001:db8::5']])('refuses %j', (address) => {
    expectIssue(
      ipam([{ subnet: '192.168.1.0/24', auxAddresses: { host: address } }], v6),
      'AUX_ADDRESS_OUTSIDE_SUBNET',
      ['ipam', 0, 'auxAddresses', 'host'],
      address,
    );
  });
});

describe('MULTIPLE_GATEWAYS', () => {
  it('refuses two entries giving the same subnet a gateway each', () => {
    const issues = ipam([
      { subnet: '192.168.1.0/24', gateway: '192.168.1.1' },
      { subnet: '192.168.1.0/24', gateway: '192.168.1.254' },
    ]);
    expectIssue(issues, 'MULTIPLE_GATEWAYS', ['ipam', 1, 'gateway'], '192.168.1.0/24');
    expectNoIssue(issues, 'SUBNET_OVERLAP');
  });
  it('accepts one gateway per subnet across several subnets', () => {
    expectNoErrors(
      ipam([
        { subnet: '192.168.114.0/24', gateway: '192.168.114.254' },
        { subnet: '192.168.116.0/24', gateway: '192.168.116.254' },
      ]),
    );
  });
});

describe('MULTIPLE_IP_RANGES', () => {
  it('refuses two entries giving the same subnet a range each, naming both', () => {
    const issues = ipam([
      { subnet: '192.168.1.0/24', ipRange: '192.168.1.0/25' },
      { subnet: '192.168.1.0/24', ipRange: '192.168.1.128/25' },
    ]);
    expectIssue(
      issues,
      'MULTIPLE_IP_RANGES',
      ['ipam', 1, 'ipRange'],
      '192.168.1.0/25 and 192.168.1.128/25',
    );
  });
});

describe('SUBNET_OVERLAP', () => {
  it('refuses overlapping subnets in one request', () => {
    expectIssue(
      ipam([{ subnet: '10.1.0.0/16' }, { subnet: '10.1.214.0/24' }]),
      'SUBNET_OVERLAP',
      ['ipam', 1, 'subnet'],
      '10.1.214.0/24 overlaps subnet 10.1.0.0/16',
    );
  });
  it('refuses the same subnet listed twice without gateways or ranges', () => {
    expectIssue(
      ipam([{ subnet: '10.1.0.0/16' }, { subnet: '10.1.0.0/16' }]),
      'SUBNET_OVERLAP',
      ['ipam', 1, 'subnet'],
      'listed twice',
    );
  });

  const taken = withNetwork(
    host,
    requestOf({
      name: 'vlan30',
      options: { parent: 'eth0.30' },
      ipam: [{ subnet: '10.1.0.0/16', ipRange: '10.1.1.0/24' }],
    }),
  );
  const second = (entry: IpamConfig) =>
    validateNetworkCreate(
      requestOf({ name: 'other', options: { parent: 'eth0.31' }, ipam: [entry] }),
      taken,
    );

  it.each([
    [{ subnet: '10.1.214.0/24' }, 'overlaps 10.1.0.0/16 of network "vlan30"'],
    [{ subnet: '10.0.0.0/8' }, 'overlaps 10.1.0.0/16'],
    [{ subnet: '10.1.0.0/16' }, 'different ip-range'],
    [{ subnet: '10.1.0.0/16', ipRange: '10.1.1.0/24' }, 'different ip-range'],
  ])('refuses %j against another network of the host', (entry, mentions) => {
    expectIssue(second(entry), 'SUBNET_OVERLAP', ['ipam', 0, 'subnet'], mentions);
  });
  it("accepts an identical subnet when both networks give distinct ip-ranges (Docker's shared allocator)", () => {
    expectNoErrors(second({ subnet: '10.1.0.0/16', ipRange: '10.1.2.0/24' }));
  });
  it('accepts a disjoint subnet', () => {
    expectNoErrors(second({ subnet: '10.2.0.0/16' }));
  });
});

describe('IPV6_NOT_ENABLED', () => {
  it('refuses an IPv6 subnet without ipv6: true', () => {
    const problem = expectIssue(
      ipam([{ subnet: '2001:db8:abc1::/64' }]),
      'IPV6_NOT_ENABLED',
      ['ipam', 0, 'subnet'],
      '2001:db8:abc1::/64',
    );
    expect(problem.hint).toContain('--ipv6');
  });
  it('accepts it with ipv6: true', () => {
    expectNoErrors(ipam([{ subnet: '2001:db8:abc1::/64' }], v6));
  });
});

describe('IPV4_DISABLED', () => {
  it('refuses an IPv4 subnet with ipv4: false', () => {
    expectIssue(
      ipam([{ subnet: '192.168.1.0/24' }, { subnet: '2001:db8::/64' }], {
        ipv4: false,
        ipv6: true,
      }),
      'IPV4_DISABLED',
      ['ipam', 0, 'subnet'],
      '192.168.1.0/24',
    );
  });
  it('accepts an IPv6-only network, which then gets no IPv4 subnet', () => {
    const { network } = resolveNetworkCreate(
      requestOf({ ipv4: false, ipv6: true, ipam: [{ subnet: '2001:db8::/64' }] }),
      host,
      { id: 'a'.repeat(64), now: 'now' },
    );
    expect(network.subnets.map((s) => s.subnet)).toEqual(['2001:db8::/64']);
  });
});

describe('NO_IPV6_SUBNET', () => {
  it('refuses ipv6: true without an IPv6 subnet, saying one is required', () => {
    const problem = expectIssue(
      ipam([{ subnet: '192.168.1.0/24' }], v6),
      'NO_IPV6_SUBNET',
      ['ipv6'],
      'no IPv6 subnet',
    );
    expect(problem.hint).toContain('requires an explicit IPv6 subnet');
  });
});

describe('POOLS_EXHAUSTED', () => {
  const crowded = hostOf({
    addresses: [
      { dev: 'eth1', address: '172.16.0.1/12' },
      { dev: 'eth1', address: '192.168.0.1/16' },
    ],
  });
  it('refuses a network without an IPv4 subnet when every default pool is taken', () => {
    const issues = validateNetworkCreate(
      requestOf({ ipv6: true, ipam: [{ subnet: '2001:db8::/64' }] }),
      crowded,
    );
    expectIssue(issues, 'POOLS_EXHAUSTED', ['ipam'], '172.17');
  });
  it('is avoided with ipv4: false', () => {
    expectNoErrors(
      validateNetworkCreate(
        requestOf({ ipv4: false, ipv6: true, ipam: [{ subnet: '2001:db8::/64' }] }),
        crowded,
      ),
    );
  });
});

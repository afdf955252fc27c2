import { describe, expect, it } from 'vitest';
import { DomainError, type IpamFlags, pairIpamFlags } from '../../src';

const refusal = (flags: IpamFlags): DomainError => {
  try {
    pairIpamFlags(flags);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('pairIpamFlags accepted the flags');
};

describe('pairIpamFlags (docker/cli createIPAMConfig)', () => {
  it('gives each gateway to the subnet that contains it, whatever the flag order (ipvlan140)', () => {
    expect(
      pairIpamFlags({
        subnets: ['192.168.140.0/24', '192.168.142.0/24', '2001:db8:abc9::/64'],
        gateways: ['192.168.142.1', '2001:db8:abc9::22', '192.168.140.1'],
      }),
    ).toEqual([
      { subnet: '192.168.140.0/24', gateway: '192.168.140.1' },
      { subnet: '192.168.142.0/24', gateway: '192.168.142.1' },
      { subnet: '2001:db8:abc9::/64', gateway: '2001:db8:abc9::22' },
    ]);
  });
  it('pairs ranges and aux addresses too', () => {
    expect(
      pairIpamFlags({
        subnets: ['10.1.0.0/16'],
        ipRanges: ['10.1.2.0/24'],
        auxAddresses: { router: '10.1.0.254', dns: '10.1.0.53' },
      }),
    ).toEqual([
      {
        subnet: '10.1.0.0/16',
        ipRange: '10.1.2.0/24',
        auxAddresses: { router: '10.1.0.254', dns: '10.1.0.53' },
      },
    ]);
  });
  it('keeps subnets without flags as they are', () => {
    expect(pairIpamFlags({ subnets: ['192.168.214.0/24', '10.1.214.0/24'] })).toEqual([
      { subnet: '192.168.214.0/24' },
      { subnet: '10.1.214.0/24' },
    ]);
  });
});

describe('pairIpamFlags refusals', () => {
  it.each([
    [
      { subnets: ['10.1.0.0/16'], gateways: ['10.2.0.1'] },
      'GATEWAY_OUTSIDE_SUBNET',
      ['gateway', 0],
      '10.2.0.1',
    ],
    [
      { subnets: [], gateways: ['10.2.0.1'] },
      'GATEWAY_OUTSIDE_SUBNET',
      ['gateway', 0],
      'none given',
    ],
    [
      { subnets: ['10.1.0.0/16'], ipRanges: ['10.2.0.0/24'] },
      'IP_RANGE_OUTSIDE_SUBNET',
      ['ipRange', 0],
      '10.2.0.0/24',
    ],
    [
      { subnets: ['10.1.0.0/16'], auxAddresses: { r: '10.2.0.1' } },
      'AUX_ADDRESS_OUTSIDE_SUBNET',
      ['auxAddress', 'r'],
      '10.2.0.1',
    ],
    [
      { subnets: ['10.1.0.0/16'], gateways: ['10.1.0.1', '10.1.0.254'] },
      'MULTIPLE_GATEWAYS',
      ['gateway', 1],
      '"10.1.0.1" and "10.1.0.254"',
    ],
    [
      { subnets: ['10.1.0.0/16'], ipRanges: ['10.1.1.0/24', '10.1.2.0/24'] },
      'MULTIPLE_IP_RANGES',
      ['ipRange', 1],
      '10.1.2.0/24',
    ],
    [
      { subnets: ['10.1.0.0/16', '10.1.214.0/24'] },
      'SUBNET_OVERLAP',
      ['subnet', 1],
      '10.1.214.0/24',
    ],
    [{ subnets: ['10.1.0.0'] }, 'INVALID_SUBNET', ['subnet', 0], '10.1.0.0'],
    [{ subnets: ['10.1.0.0/16'], gateways: ['gw'] }, 'INVALID_GATEWAY', ['gateway', 0], '"gw"'],
    [
      { subnets: ['10.1.0.0/16'], ipRanges: ['10.1.1.0'] },
      'INVALID_IP_RANGE',
      ['ipRange', 0],
      '10.1.1.0',
    ],
    [
      { subnets: ['10.1.0.0/16'], auxAddresses: { r: 'x' } },
      'INVALID_AUX_ADDRESS',
      ['auxAddress', 'r'],
      '"x"',
    ],
  ] as const)('%j → %s', (flags, code, path, mentions) => {
    const error = refusal(flags);
    const problem = error.issues.find((p) => p.code === code);
    expect(problem?.path).toEqual(path);
    expect(problem?.message).toContain(mentions);
  });
  it('reports every problem at once', () => {
    expect(
      refusal({ subnets: ['10.1.0.0/16'], gateways: ['10.2.0.1', '10.3.0.1'] }).issues,
    ).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error';
import { type IpamFlags, pairIpamFlags } from '../../src/cli/pair-ipam';

const flags = (partial: Partial<IpamFlags>): IpamFlags => ({ subnets: [], gateways: [], ipRanges: [], auxAddresses: {}, ...partial });

const message = (partial: Partial<IpamFlags>): string => {
  try {
    pairIpamFlags(flags(partial));
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('pairIpamFlags (docker/cli createIPAMConfig)', () => {
  it('keeps subnets in order with nothing else', () => {
    expect(pairIpamFlags(flags({ subnets: ['192.168.10.0/24', '2001:db8:10::/64'] }))).toEqual([{ subnet: '192.168.10.0/24' }, { subnet: '2001:db8:10::/64' }]);
  });

  it('pairs gateways, ranges and aux addresses with the subnet that contains them, whatever their order', () => {
    const result = pairIpamFlags(
      flags({
        subnets: ['192.168.214.0/24', '10.1.214.0/24', '2001:db8:abc2::/64'],
        gateways: ['10.1.214.1', '2001:db8:abc2::22', '192.168.214.1'],
        ipRanges: ['10.1.214.128/25'],
        auxAddresses: { router: '192.168.214.5', dns: '2001:db8:abc2::53' },
      }),
    );
    expect(result).toEqual([
      { subnet: '192.168.214.0/24', gateway: '192.168.214.1', auxAddresses: { router: '192.168.214.5' } },
      { subnet: '10.1.214.0/24', gateway: '10.1.214.1', ipRange: '10.1.214.128/25' },
      { subnet: '2001:db8:abc2::/64', gateway: '2001:db8:abc2::22', auxAddresses: { dns: '2001:db8:abc2::53' } },
    ]);
  });

  it.each<[string, Partial<IpamFlags>, string]>([
    ['more gateways than subnets', { subnets: ['10.0.0.0/24'], gateways: ['10.0.0.1', '10.0.0.2'] }, 'Error: --gateway: every --ip-range or --gateway must have a corresponding --subnet: give one --subnet per gateway and range.'],
    ['a gateway without a subnet', { gateways: ['10.0.0.1'] }, 'every --ip-range or --gateway must have a corresponding --subnet'],
    ['overlapping subnets', { subnets: ['10.0.0.0/16', '10.0.1.0/24'] }, 'Error: --subnet: 10.0.1.0/24 overlaps 10.0.0.0/16: multiple overlapping subnet configuration is not supported'],
    ['a subnet that is not CIDR', { subnets: ['10.0.0.0'] }, 'Error: --subnet: "10.0.0.0" is not a subnet in CIDR notation: write it as 192.168.10.0/24 or 2001:db8:10::/64.'],
    ['two gateways in one subnet', { subnets: ['10.0.0.0/24', '10.1.0.0/24'], gateways: ['10.0.0.1', '10.0.0.254'] }, 'Error: --gateway: cannot configure multiple gateways (10.0.0.254, 10.0.0.1) for the same subnet (10.0.0.0/24)'],
    ['two ranges in one subnet', { subnets: ['10.0.0.0/24', '10.1.0.0/24'], ipRanges: ['10.0.0.0/25', '10.0.0.128/25'] }, 'Error: --ip-range: cannot configure multiple ranges (10.0.0.128/25, 10.0.0.0/25) on the same subnet (10.0.0.0/24)'],
    ['a gateway outside every subnet', { subnets: ['10.0.0.0/24'], gateways: ['10.9.0.1'] }, 'Error: --gateway: no matching subnet for 10.9.0.1: give a --subnet that contains it, or change the --gateway.'],
    ['a range outside every subnet', { subnets: ['10.0.0.0/24'], ipRanges: ['10.9.0.0/25'] }, 'Error: --ip-range: no matching subnet for 10.9.0.0/25'],
    ['an aux address outside every subnet', { subnets: ['10.0.0.0/24'], auxAddresses: { r: '10.9.0.5' } }, 'Error: --aux-address: no matching subnet for r=10.9.0.5'],
    ['an IPv4 gateway for an IPv6 subnet', { subnets: ['2001:db8::/64'], gateways: ['10.0.0.1'] }, 'no matching subnet for 10.0.0.1'],
    ['a gateway that is not an address', { subnets: ['10.0.0.0/24'], gateways: ['ten'] }, 'Error: --gateway: "ten" is not an IP address: write it as 192.168.10.1 or 2001:db8:10::1.'],
    ['a range that is not CIDR', { subnets: ['10.0.0.0/24'], ipRanges: ['10.0.0.128'] }, 'Error: --ip-range: "10.0.0.128" is not a range in CIDR notation'],
    ['an aux address that is not an address', { subnets: ['10.0.0.0/24'], auxAddresses: { r: 'x' } }, 'Error: --aux-address: "r=x" is not an IP address: write it as --aux-address name=192.168.10.5.'],
  ])('refuses %s', (_, partial, expected) => {
    expect(message(partial)).toContain(expected);
  });

  it('refuses with exit code 1 (bad values, not bad usage)', () => {
    try {
      pairIpamFlags(flags({ gateways: ['10.0.0.1'] }));
    } catch (error) {
      expect((error as CliError).exitCode).toBe(1);
    }
    expect.assertions(1);
  });
});

import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error';
import { type IpamFlags, pairIpamFlags } from '../../src/cli/pair-ipam';

const flags = (partial: Partial<IpamFlags>): IpamFlags => ({
  subnets: [],
  gateways: [],
  ipRanges: [],
  auxAddresses: {},
  ...partial,
});

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
    expect(pairIpamFlags(flags({ subnets: ['192.168.10.0/24', '2001:db8:10::/64'] }))).toEqual([
      { subnet: '192.168.10.0/24' },
      { subnet: '2001:db8:10::/64' },
    ]);
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
      {
        subnet: '192.168.214.0/24',
        gateway: '192.168.214.1',
        auxAddresses: { router: '192.168.214.5' },
      },
      { subnet: '10.1.214.0/24', gateway: '10.1.214.1', ipRange: '10.1.214.128/25' },
      {
        subnet: '2001:db8:abc2::/64',
        gateway: '2001:db8:abc2::22',
        auxAddresses: { dns: '2001:db8:abc2::53' },
      },
    ]);
  });

  it.each<[string, Partial<IpamFlags>, string]>([
    [
      'more gateways than subnets',
      { subnets: ['10.0.0.0/24'], gateways: ['10.0.0.1', '10.0.0.2'] },
      'Error: --gateway: every --ip-range or --gateway must have a corresponding --subnet: give one --subnet per gateway and range.',
    ],
    [
      'a gateway without a subnet',
      { gateways: ['10.0.0.1'] },
      'every --ip-range or --gateway must have a corresponding --subnet',
    ],
    [
      'overlapping subnets',
      { subnets: ['10.0.0.0/16', '10.0.1.0/24'] },
      'Error: --subnet: subnet "10.0.1.0/24" overlaps subnet "10.0.0.0/16". Give --subnet flags that do not overlap.',
    ],
    [
      'a subnet that is not CIDR',
      { subnets: ['10.0.0.0'] },
      'Error: --subnet: subnet "10.0.0.0" is not a CIDR block.',
    ],
    [
      'two gateways in one subnet',
      { subnets: ['10.0.0.0/24', '10.1.0.0/24'], gateways: ['10.0.0.1', '10.0.0.254'] },
      'Error: --gateway: subnet "10.0.0.0/24" is given two gateways ("10.0.0.1" and "10.0.0.254"). Give one gateway per subnet.',
    ],
    [
      'two ranges in one subnet',
      { subnets: ['10.0.0.0/24', '10.1.0.0/24'], ipRanges: ['10.0.0.0/25', '10.0.0.128/25'] },
      'Error: --ip-range: subnet "10.0.0.0/24" is given two ip-ranges',
    ],
    [
      'a gateway outside every subnet',
      { subnets: ['10.0.0.0/24'], gateways: ['10.9.0.1'] },
      'Error: --gateway: no --subnet contains gateway "10.9.0.1" (subnets: 10.0.0.0/24). Add the --subnet it belongs to, or fix the gateway.',
    ],
    [
      'a range outside every subnet',
      { subnets: ['10.0.0.0/24'], ipRanges: ['10.9.0.0/25'] },
      'Error: --ip-range: no --subnet contains ip-range "10.9.0.0/25"',
    ],
    [
      'an aux address outside every subnet',
      { subnets: ['10.0.0.0/24'], auxAddresses: { r: '10.9.0.5' } },
      'Error: --aux-address: no --subnet contains aux-address "10.9.0.5"',
    ],
    [
      'an IPv4 gateway for an IPv6 subnet',
      { subnets: ['2001:db8::/64'], gateways: ['10.0.0.1'] },
      'Error: --gateway: no --subnet contains gateway "10.0.0.1" (subnets: 2001:db8::/64)',
    ],
    [
      'a gateway that is not an address',
      { subnets: ['10.0.0.0/24'], gateways: ['ten'] },
      'Error: --gateway: gateway "ten" is not an IP address.',
    ],
    [
      'a range that is not CIDR',
      { subnets: ['10.0.0.0/24'], ipRanges: ['10.0.0.128'] },
      'Error: --ip-range: ip-range "10.0.0.128" is not a CIDR block.',
    ],
    [
      'an aux address that is not an address',
      { subnets: ['10.0.0.0/24'], auxAddresses: { r: 'x' } },
      'Error: --aux-address: aux-address r="x" is not an IP address.',
    ],
  ])('refuses %s', (_, partial, expected) => {
    expect(message(partial)).toContain(expected);
  });

  it('reports every problem, one line each', () => {
    try {
      pairIpamFlags(flags({ subnets: ['10.0.0.0/24', 'bad'], gateways: ['10.9.0.1'] }));
    } catch (error) {
      expect((error as CliError).lines).toEqual([
        'Error: --subnet: subnet "bad" is not a CIDR block. Write it as ADDRESS/PREFIX, e.g. 192.168.1.0/24.',
        'Error: --gateway: no --subnet contains gateway "10.9.0.1" (subnets: 10.0.0.0/24). Add the --subnet it belongs to, or fix the gateway.',
      ]);
    }
    expect.assertions(1);
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

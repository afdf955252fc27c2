import { describe, expect, it } from 'vitest';
import { BgpConfigSchema, renderBirdFragment, validateBgpConfig, type Network } from '../../src';
import { networkOf } from '../plan/fixtures';

// BGP settings: refused with the field named; the BIRD fragment they give.

const config = (fields: Record<string, unknown> = {}) =>
  BgpConfigSchema.parse({
    asn: 65001,
    neighbors: [{ address: '10.60.0.12', asn: 65000 }],
    ...fields,
  });
const messages = (fields: Record<string, unknown>) =>
  validateBgpConfig(config(fields)).map((i) => `${i.code} ${i.path.join('.')}: ${i.message}`);

describe('INVALID_BGP_CONFIG', () => {
  it.each([0, -1, 4294967296, 1.5])('refuses ASN %s', (asn) => {
    expect(messages({ asn })).toEqual([
      expect.stringMatching(new RegExp(`^INVALID_BGP_CONFIG asn: ASN ${asn} is out of range`)),
    ]);
  });

  it('refuses a neighbour that is not an address, and its ASN out of range', () => {
    expect(messages({ neighbors: [{ address: 'router1', asn: 0 }] })).toEqual([
      expect.stringMatching(/^INVALID_BGP_CONFIG neighbors\.0\.asn: ASN 0/),
      expect.stringMatching(
        /^INVALID_BGP_CONFIG neighbors\.0\.address: neighbour "router1" is not an IPv4 or IPv6 address/,
      ),
    ]);
  });

  it('refuses a password BIRD cannot quote, and a router id that is not IPv4', () => {
    expect(
      messages({
        neighbors: [{ address: '10.0.0.1', asn: 1, password: 'a"b' }],
        routerId: 'fd00::1',
      }),
    ).toEqual([
      expect.stringMatching(/password cannot hold a double quote/),
      expect.stringMatching(/routerId: router id "fd00::1" is not an IPv4 address/),
    ]);
  });

  it('accepts 4-byte ASNs and IPv6 neighbours', () => {
    expect(
      messages({
        asn: 4200000001,
        neighbors: [{ address: 'fd00::1', asn: 65000, password: 'p w' }],
      }),
    ).toEqual([]);
  });
});

describe('renderBirdFragment', () => {
  const l3 = (name: string, subnet: string, fields: Partial<Network> = {}) =>
    networkOf({
      id: name,
      name,
      mode: 'l3',
      subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
      ...fields,
    });

  it('holds the L3 subnets in a static protocol and exports only it to each neighbour', () => {
    const text = renderBirdFragment(
      config({ neighbors: [{ address: '10.60.0.12', asn: 65000, password: 's3cret' }] }),
      [
        l3('a', '10.61.0.0/24'),
        l3('l2', '10.70.0.0/24', { mode: 'l2' }),
        l3('in', '10.71.0.0/24', { internal: true }),
      ],
    );
    expect(text).toContain('  route 10.61.0.0/24 unreachable; # a\n');
    expect(text).not.toMatch(/10\.70|10\.71/);
    expect(text).toContain(
      [
        'protocol bgp underlay_peer0 {',
        '  local as 65001;',
        '  neighbor 10.60.0.12 as 65000;',
        '  password "s3cret";',
        '  ipv4 { import none; export where proto = "underlay_l3_v4"; };',
        '}',
      ].join('\n'),
    );
  });

  it('is only the header when disabled', () => {
    expect(
      renderBirdFragment(config({ enabled: false }), [l3('a', '10.61.0.0/24')])
        .trim()
        .split('\n'),
    ).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  canonicalAddress,
  findCrossHostDuplicates,
  holderElsewhere,
  rangeElsewhere,
  requestFromNetwork,
  type SpanEndpoint,
} from '../../src/span';

const endpoints: SpanEndpoint[] = [
  {
    host: 'host-a',
    container: 'web-a',
    ipv4Address: '172.16.80.2/24',
    ipv6Address: '2001:db8::0a/64',
  },
  { host: 'host-b', container: 'web-b', ipv4Address: '172.16.80.2/24' },
  {
    host: 'host-b',
    container: 'api-b',
    ipv4Address: '172.16.80.3/24',
    ipv6Address: '2001:db8::a/64',
  },
  { host: 'host-a', container: 'db-a', ipv4Address: '172.16.80.4/24' },
];

describe('cross-host addresses', () => {
  it('finds addresses held on two hosts, in canonical form, with every holder', () => {
    expect(findCrossHostDuplicates(endpoints)).toEqual([
      {
        address: '172.16.80.2',
        holders: [
          { host: 'host-a', container: 'web-a' },
          { host: 'host-b', container: 'web-b' },
        ],
      },
      {
        address: '2001:db8::a',
        holders: [
          { host: 'host-a', container: 'web-a' },
          { host: 'host-b', container: 'api-b' },
        ],
      },
    ]);
    expect(
      findCrossHostDuplicates(
        endpoints.filter((e) => e.container !== 'web-b' && e.container !== 'api-b'),
      ),
    ).toEqual([]);
  });

  it('names the holder on another host of a wanted static address, never one on the same host', () => {
    expect(holderElsewhere('172.16.80.4', 'host-b', endpoints)).toMatchObject({
      host: 'host-a',
      container: 'db-a',
    });
    expect(holderElsewhere('172.16.80.4', 'host-a', endpoints)).toBeNull();
    expect(holderElsewhere('2001:db8:0::a', 'host-c', endpoints)).toMatchObject({
      container: 'web-a',
    });
    expect(holderElsewhere('not-an-address', 'host-c', endpoints)).toBeNull();
    expect(canonicalAddress('2001:DB8::0A/64')).toBe('2001:db8::a');
  });

  it("finds the other host whose range a static address falls in, never the host's own", () => {
    const ranges = [
      { host: 'host-a', ipRange: '172.16.80.0/26' },
      { host: 'host-b', ipRange: '172.16.80.64/26' },
      { host: 'host-b', ipRange: '2001:db8::/66' },
    ];
    expect(rangeElsewhere('172.16.80.70', 'host-a', ranges)).toEqual({
      host: 'host-b',
      ipRange: '172.16.80.64/26',
    });
    expect(rangeElsewhere('172.16.80.30', 'host-a', ranges)).toBeNull();
    expect(rangeElsewhere('172.16.80.200', 'host-a', ranges)).toBeNull();
    expect(rangeElsewhere('2001:db8::9', 'host-c', ranges)).toEqual({
      host: 'host-b',
      ipRange: '2001:db8::/66',
    });
    expect(rangeElsewhere('nope', 'host-c', ranges)).toBeNull();
  });

  it('rebuilds the create request of a stored network without its range, subnets explicit', () => {
    const request = requestFromNetwork({
      id: 'x',
      name: 'vlan10',
      driver: 'ipvlan',
      mode: 'l2',
      flag: 'bridge',
      parent: 'eth0.10',
      parentKind: 'vlan',
      vlanId: 10,
      internal: false,
      ipv4: true,
      ipv6: true,
      subnets: [
        {
          family: 4,
          subnet: '172.17.0.0/16',
          gateway: '172.17.0.1',
          ipRange: '172.17.0.0/18',
          auxAddresses: {},
          fromDefaultPool: true,
        },
        {
          family: 6,
          subnet: '2001:db8::/64',
          ipRange: '2001:db8::/66',
          auxAddresses: { r: '2001:db8::5' },
          fromDefaultPool: false,
        },
      ],
      labels: { 'underlay.ip-slices': '4' },
      options: { parent: 'eth0.10' },
      created: '',
      status: 'ok',
    });
    expect(request).toEqual({
      name: 'vlan10',
      driver: 'ipvlan',
      options: { parent: 'eth0.10' },
      internal: false,
      ipv4: true,
      ipv6: true,
      ipam: [
        { subnet: '172.17.0.0/16', gateway: '172.17.0.1' },
        { subnet: '2001:db8::/64', auxAddresses: { r: '2001:db8::5' } },
      ],
      labels: { 'underlay.ip-slices': '4' },
    });
  });
});

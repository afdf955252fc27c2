import { describe, expect, it } from 'vitest';
import {
  defaultPoolSubnets,
  firstUsable,
  formatAddress,
  formatCidr,
  type NetworkCreateInput,
  parseCidr,
  pickDefaultIpv4Subnet,
  resolveNetworkCreate,
} from '../../src';
import { expectIssue, hostOf, requestOf } from './helpers';

const host = hostOf();
const ctx = { id: 'c0ffee'.padEnd(64, '0'), now: '2026-01-01T00:00:00.000Z' };
const resolve = (input: NetworkCreateInput, snapshot = host) =>
  resolveNetworkCreate(input, snapshot, ctx);
const gateways = (input: NetworkCreateInput) =>
  resolve(input).network.subnets.map((s) => s.gateway);

describe('defaults: mode l2, flag bridge, gateway = first usable address in L2', () => {
  it('fills mode, flag and the .1 gateway', () => {
    const { network, warnings } = resolve(requestOf());
    expect(network).toMatchObject({
      mode: 'l2',
      flag: 'bridge',
      driver: 'ipvlan',
      id: ctx.id,
      created: ctx.now,
      status: 'ok',
      ipv4: true,
      ipv6: false,
    });
    expect(network.subnets).toEqual([
      {
        family: 4,
        subnet: '192.168.1.0/24',
        gateway: '192.168.1.1',
        auxAddresses: {},
        fromDefaultPool: false,
      },
    ]);
    expect(warnings).toEqual([]);
  });
  it.each([
    ['192.168.1.0/24', '192.168.1.1'],
    ['10.0.0.0/8', '10.0.0.1'],
    ['192.168.1.0/31', '192.168.1.0'],
    ['2001:db8:abc1::/64', '2001:db8:abc1::1'],
    ['2001:db8::/127', '2001:db8::1'],
  ])('first usable address of %s is %s', (subnet, expected) => {
    const cidr = parseCidr(subnet);
    expect(cidr && formatAddress(firstUsable(cidr))).toBe(expected);
  });
  it('keeps a given gateway, in canonical text', () => {
    expect(
      gateways(
        requestOf({
          ipv6: true,
          ipam: [{ subnet: '2001:DB8:abc1::/64', gateway: '2001:db8:abc1:0::22' }],
        }),
      ),
    ).toEqual(['172.18.0.1', '2001:db8:abc1::22']);
  });
  it('writes subnets, ranges and aux addresses canonically', () => {
    const { network } = resolve(
      requestOf({
        ipv6: true,
        ipv4: false,
        ipam: [
          {
            subnet: '2001:0db8:0000::/64',
            ipRange: '2001:db8:0:0:8000::/65',
            auxAddresses: { r: '2001:db8::00fe' },
          },
        ],
      }),
    );
    expect(network.subnets[0]).toMatchObject({
      subnet: '2001:db8::/64',
      ipRange: '2001:db8:0:0:8000::/65',
      auxAddresses: { r: '2001:db8::fe' },
      gateway: '2001:db8::1',
    });
  });
});

describe('GATEWAY_IGNORED_L3', () => {
  it.each(['l3', 'l3s'])(
    'drops a given gateway in %s with a warning, and sets none by default',
    (mode) => {
      const { network, warnings } = resolve(
        requestOf({
          options: { parent: 'eth0', ipvlan_mode: mode },
          ipam: [
            { subnet: '192.168.1.0/24', gateway: '192.168.1.1' },
            { subnet: '192.168.2.0/24' },
          ],
        }),
      );
      expect(network.subnets.map((s) => s.gateway)).toEqual([undefined, undefined]);
      expect(warnings).toHaveLength(1);
      const problem = expectIssue(
        warnings,
        'GATEWAY_IGNORED_L3',
        ['ipam', 0, 'gateway'],
        '192.168.1.1',
      );
      expect(problem.severity).toBe('warning');
      expect(problem.message).toContain('default dev ethN');
    },
  );
});

// Decision: an internal L2 network has no default route, but its gateway address (given,
// or the first usable) stays reserved (`reservedGateway`), as Docker does
// (IPVLAN-REFERENCE: measured with dockerd 20.10, the first container got .2). Before,
// underlay handed .1 to the first container. No parent alone does not make a network internal.
describe('internal L2 gateway: reserved, not routed', () => {
  it.each([[{ internal: true, options: { parent: 'eth0' } }], [{ internal: true, options: {} }]])(
    'reserves a given gateway in %j without a route or a warning',
    (extra) => {
      const { network, warnings } = resolve(
        requestOf({ ...extra, ipam: [{ subnet: '192.168.1.0/24', gateway: '192.168.1.9' }] }),
      );
      expect(network.subnets[0]).toMatchObject({
        reservedGateway: '192.168.1.9',
        auxAddresses: {},
      });
      expect(network.subnets[0]?.gateway).toBeUndefined();
      expect(network.internal).toBe(true);
      expect(warnings).toEqual([]);
    },
  );
  it('reserves the first usable address when no gateway is given (v4 and v6)', () => {
    const { network } = resolve(
      requestOf({
        internal: true,
        ipv6: true,
        ipam: [{ subnet: '192.168.1.0/24' }, { subnet: 'fd00:1::/64' }],
      }),
    );
    expect(network.subnets.map((s) => [s.gateway, s.reservedGateway])).toEqual([
      [undefined, '192.168.1.1'],
      [undefined, 'fd00:1::1'],
    ]);
  });
  it('reserves nothing in an internal L3 network', () => {
    const { network } = resolve(
      requestOf({
        internal: true,
        options: { ipvlan_mode: 'l3' },
        ipam: [{ subnet: '192.168.1.0/24' }],
      }),
    );
    expect(network.subnets[0]?.reservedGateway).toBeUndefined();
  });
  it('sets no default gateway in an internal network', () => {
    expect(gateways(requestOf({ internal: true }))).toEqual([undefined]);
  });
  it.each([[{}]])(
    'keeps a given L2 gateway without a warning when there is no parent (%j): the dummy isolates, internal stays off',
    (options) => {
      const { network, warnings } = resolve(
        requestOf({ options, ipam: [{ subnet: '192.168.1.0/24', gateway: '192.168.1.1' }] }),
      );
      expect(network).toMatchObject({ parentKind: 'dummy', internal: false });
      expect(network.subnets[0]?.gateway).toBe('192.168.1.1');
      expect(warnings).toEqual([]);
    },
  );
});

describe('default IPv4 pool (IPv6 subnets only, ipv4 on)', () => {
  it("lists Docker's local pools in order: 172.17–19/16, 172.20–31 as /16s, then 192.168/16 as /20s", () => {
    const all = [...defaultPoolSubnets()].map(formatCidr);
    expect(all.slice(0, 4)).toEqual([
      '172.17.0.0/16',
      '172.18.0.0/16',
      '172.19.0.0/16',
      '172.20.0.0/16',
    ]);
    expect(all).toContain('172.31.0.0/16');
    expect(all).not.toContain('172.16.0.0/16');
    expect(all.slice(15)).toEqual(Array.from({ length: 16 }, (_, i) => `192.168.${i * 16}.0/20`));
    expect(all).toHaveLength(15 + 16);
  });
  it('takes the first prefix that overlaps no network or host address (docker0 holds 172.17/16 here)', () => {
    const { network } = resolve(requestOf({ ipv6: true, ipam: [{ subnet: '2001:db8::/64' }] }));
    expect(network.subnets[0]).toEqual({
      family: 4,
      subnet: '172.18.0.0/16',
      gateway: '172.18.0.1',
      auxAddresses: {},
      fromDefaultPool: true,
    });
    expect(network.subnets[1]).toMatchObject({
      family: 6,
      subnet: '2001:db8::/64',
      fromDefaultPool: false,
    });
  });
  it('skips prefixes of networks already on the host', () => {
    const first = resolve(
      requestOf({ name: 'a', ipv6: true, ipam: [{ subnet: '2001:db8:1::/64' }] }),
    ).network;
    const next = pickDefaultIpv4Subnet({ ...host, networks: [first] });
    expect(next && formatCidr(next)).toBe('172.19.0.0/16');
  });
  it('also serves a request with no subnet at all', () => {
    expect(resolve(requestOf({ ipam: [] })).network.subnets.map((s) => s.subnet)).toEqual([
      '172.18.0.0/16',
    ]);
  });
  it('has no gateway in L3', () => {
    expect(
      gateways(requestOf({ ipam: [], options: { parent: 'eth0', ipvlan_mode: 'l3' } })),
    ).toEqual([undefined]);
  });
});

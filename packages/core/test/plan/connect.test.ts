import { describe, expect, it } from 'vitest';
import { planConnect } from '../../src';
import { containerOf, dual140, endpointOf, l3net, networkOf, snapshotOf, vlan10 } from './fixtures';

const web = containerOf('web');
const vlanLinks = [
  { name: 'eth0', kind: 'device' },
  { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
  { name: 'eth0.140', kind: 'vlan', parent: 'eth0', vlanId: 140 },
];
const ops = (steps: { op: unknown }[]) => steps.map((s) => s.op);

describe('planConnect', () => {
  it('L2 VLAN 10: ipvlan on eth0.10 under the temp name, moved, renamed eth0, address, up, default via the gateway', () => {
    const { plan, ifname } = planConnect({
      network: vlan10,
      container: web,
      snapshot: snapshotOf({ links: vlanLinks }),
      addresses: { ipv4Address: '172.16.80.2/24' },
      tempName: 'ulv1a2b3c4',
    });
    expect(ifname).toBe('eth0');
    expect(plan.steps.map((s) => [s.op, s.inverse])).toEqual([
      [
        {
          op: 'linkAdd',
          spec: { kind: 'ipvlan', name: 'ulv1a2b3c4', link: 'eth0.10', mode: 'l2', flag: 'bridge' },
        },
        { op: 'linkDel', name: 'ulv1a2b3c4' },
      ],
      [
        { op: 'linkSetNetns', name: 'ulv1a2b3c4', target: 'web' },
        { op: 'linkDel', netns: 'web', name: 'ulv1a2b3c4' },
      ],
      [
        { op: 'linkRename', netns: 'web', name: 'ulv1a2b3c4', newName: 'eth0' },
        { op: 'linkRename', netns: 'web', name: 'eth0', newName: 'ulv1a2b3c4' },
      ],
      [
        { op: 'addrAdd', netns: 'web', dev: 'eth0', address: '172.16.80.2/24' },
        { op: 'addrDel', netns: 'web', dev: 'eth0', address: '172.16.80.2/24' },
      ],
      [
        { op: 'linkSetUp', netns: 'web', name: 'eth0' },
        { op: 'linkSetDown', netns: 'web', name: 'eth0' },
      ],
      [
        {
          op: 'routeReplace',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '172.16.80.1',
          dev: 'eth0',
        },
        {
          op: 'routeDel',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '172.16.80.1',
          dev: 'eth0',
        },
      ],
    ]);
    expect(plan.steps.every((s) => s.why.length > 0)).toBe(true);
    expect(plan.steps.some((s) => 'mtu' in s.op)).toBe(false);
  });

  it('L3: default dev eth0 with no next hop', () => {
    const { plan } = planConnect({
      network: l3net,
      container: web,
      snapshot: snapshotOf(),
      addresses: { ipv4Address: '192.168.214.2/24' },
      tempName: 'ulv0000001',
    });
    expect(plan.steps.at(0)?.op).toEqual({
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'ulv0000001', link: 'eth0', mode: 'l3', flag: 'bridge' },
    });
    expect(plan.steps.at(-1)?.op).toEqual({
      op: 'routeReplace',
      netns: 'web',
      family: 4,
      dst: 'default',
      dev: 'eth0',
    });
    expect(plan.steps.filter((s) => s.op.op === 'routeReplace')).toHaveLength(1);
  });

  it('L3S dual stack: one connected default route per family with an address', () => {
    const net = networkOf({
      id: 'l3s',
      name: 'ipvlan118',
      mode: 'l3s',
      parent: 'eth0.140',
      parentKind: 'vlan',
      vlanId: 140,
      ipv6: true,
      subnets: [
        { family: 4, subnet: '10.18.0.0/24', auxAddresses: {}, fromDefaultPool: false },
        { family: 6, subnet: '2001:db8:abc9::/64', auxAddresses: {}, fromDefaultPool: false },
      ],
    });
    const { plan } = planConnect({
      network: net,
      container: web,
      snapshot: snapshotOf({ links: vlanLinks }),
      addresses: { ipv4Address: '10.18.0.2/24', ipv6Address: '2001:db8:abc9::2/64' },
      tempName: 'ulvaaaaaaa',
    });
    expect(ops(plan.steps.filter((s) => s.op.op === 'routeReplace'))).toEqual([
      { op: 'routeReplace', netns: 'web', family: 4, dst: 'default', dev: 'eth0' },
      { op: 'routeReplace', netns: 'web', family: 6, dst: 'default', dev: 'eth0' },
    ]);
  });

  it('L2 dual stack (seed VLAN 140, second IPv4 subnet): each family via the gateway of the subnet holding its address, IPv6 nodad', () => {
    const { plan } = planConnect({
      network: dual140,
      container: web,
      snapshot: snapshotOf({ links: vlanLinks }),
      addresses: { ipv4Address: '192.168.142.3/24', ipv6Address: '2001:db8:abc2::2/64' },
      tempName: 'ulv1111111',
    });
    expect(ops(plan.steps.slice(3))).toEqual([
      { op: 'addrAdd', netns: 'web', dev: 'eth0', address: '192.168.142.3/24' },
      { op: 'addrAdd', netns: 'web', dev: 'eth0', address: '2001:db8:abc2::2/64', nodad: true },
      { op: 'linkSetUp', netns: 'web', name: 'eth0' },
      {
        op: 'routeReplace',
        netns: 'web',
        family: 4,
        dst: 'default',
        via: '192.168.142.1',
        dev: 'eth0',
      },
      {
        op: 'routeReplace',
        netns: 'web',
        family: 6,
        dst: 'default',
        via: '2001:db8:abc2::22',
        dev: 'eth0',
      },
    ]);
  });

  it('internal (with a parent): no routes at all', () => {
    const internal = {
      ...vlan10,
      internal: true,
      subnets: vlan10.subnets.map(({ gateway: _g, ...s }) => s),
    };
    const { plan } = planConnect({
      network: internal,
      container: web,
      snapshot: snapshotOf({ links: vlanLinks }),
      addresses: { ipv4Address: '172.16.80.2/24' },
      tempName: 'ulv2222222',
    });
    expect(plan.steps.map((s) => s.op.op)).toEqual([
      'linkAdd',
      'linkSetNetns',
      'linkRename',
      'addrAdd',
      'linkSetUp',
    ]);
  });

  // The seed's ipnet210: no parent, so a dummy, yet its subnets reach each other
  // through `default dev eth0`; the dummy alone keeps it off every wire.
  it('L3 on a dummy parent (not internal): default dev eth0, no next hop', () => {
    const net = networkOf({
      id: 'd',
      name: 'ipnet210',
      mode: 'l3',
      parent: 'di-d',
      parentKind: 'dummy',
      internal: false,
      subnets: l3net.subnets,
    });
    const { plan } = planConnect({
      network: net,
      container: web,
      snapshot: snapshotOf({ links: [{ name: 'di-d', kind: 'dummy' }] }),
      addresses: { ipv4Address: '192.168.214.9/24' },
      tempName: 'ulv3333333',
    });
    expect(plan.steps.at(0)?.op).toEqual({
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name: 'ulv3333333', link: 'di-d', mode: 'l3', flag: 'bridge' },
    });
    expect(ops(plan.steps.filter((s) => s.op.op === 'routeReplace'))).toEqual([
      { op: 'routeReplace', netns: 'web', family: 4, dst: 'default', dev: 'eth0' },
    ]);
  });

  it('L2 on a dummy parent (not internal): default via the seed gateway', () => {
    const subnets = [
      {
        family: 4 as const,
        subnet: '192.168.10.0/24',
        gateway: '192.168.10.1',
        auxAddresses: {},
        fromDefaultPool: false,
      },
    ];
    const net = networkOf({
      id: 'd2',
      name: 'isolated',
      parent: 'di-d2',
      parentKind: 'dummy',
      internal: false,
      subnets,
    });
    const { plan } = planConnect({
      network: net,
      container: web,
      snapshot: snapshotOf({ links: [{ name: 'di-d2', kind: 'dummy' }] }),
      addresses: { ipv4Address: '192.168.10.9/24' },
      tempName: 'ulv5555555',
    });
    expect(ops(plan.steps.filter((s) => s.op.op === 'routeReplace'))).toEqual([
      {
        op: 'routeReplace',
        netns: 'web',
        family: 4,
        dst: 'default',
        via: '192.168.10.1',
        dev: 'eth0',
      },
    ]);
  });

  it('internal on a dummy parent (--internal, no parent): no routes even in L3', () => {
    const net = networkOf({
      id: 'd',
      name: 'iso',
      mode: 'l3',
      parent: 'di-d',
      parentKind: 'dummy',
      internal: true,
      subnets: l3net.subnets,
    });
    const { plan } = planConnect({
      network: net,
      container: web,
      snapshot: snapshotOf({ links: [{ name: 'di-d', kind: 'dummy' }] }),
      addresses: { ipv4Address: '192.168.214.9/24' },
      tempName: 'ulv3333333',
    });
    expect(plan.steps.some((s) => s.op.op === 'routeReplace')).toBe(false);
  });

  it('second connect of the same container gets eth1, and the first endpoint keeps the default route', () => {
    const snapshot = snapshotOf({
      links: vlanLinks,
      networks: [vlan10, dual140],
      endpoints: [
        endpointOf({
          id: 'e1',
          networkId: vlan10.id,
          container: 'web',
          ifname: 'eth0',
          ipv4Address: '172.16.80.2/24',
        }),
      ],
      containerLinks: [{ container: 'web', links: ['lo', 'eth0'] }],
    });
    const { plan, ifname } = planConnect({
      network: dual140,
      container: web,
      snapshot,
      addresses: { ipv4Address: '192.168.140.2/24', ipv6Address: '2001:db8:abc2::2/64' },
      tempName: 'ulv4444444',
    });
    expect(ifname).toBe('eth1');
    expect(plan.steps[2]?.op).toEqual({
      op: 'linkRename',
      netns: 'web',
      name: 'ulv4444444',
      newName: 'eth1',
    });
    expect(ops(plan.steps.filter((s) => s.op.op === 'routeReplace'))).toEqual([
      {
        op: 'routeReplace',
        netns: 'web',
        family: 6,
        dst: 'default',
        via: '2001:db8:abc2::22',
        dev: 'eth1',
      },
    ]);
    expect(plan.warnings).toMatchObject([
      {
        code: 'DEFAULT_ROUTE_KEPT',
        severity: 'warning',
        message: expect.stringContaining('keeps its IPv4 default route on eth0'),
      },
    ]);
  });

  it('takes the lowest free ethN, reusing a gap', () => {
    const snapshot = snapshotOf({
      links: vlanLinks,
      containerLinks: [{ container: 'web', links: ['lo', 'eth1'] }],
    });
    expect(
      planConnect({
        network: vlan10,
        container: web,
        snapshot,
        addresses: {},
        tempName: 'ulv5555555',
      }).ifname,
    ).toBe('eth0');
  });

  it.each([
    [
      'a temp name that is not a Linux name',
      { tempName: 'ulv-too-long-name' },
      'INVALID_IFNAME',
      ['tempName'],
    ],
    ['a temp name already on the host', { tempName: 'eth0' }, 'INVALID_IFNAME', ['tempName']],
    [
      'an IPv4 address outside every subnet',
      { addresses: { ipv4Address: '10.0.0.2/24' } },
      'ADDRESS_OUTSIDE_SUBNET',
      ['ipv4Address'],
    ],
    [
      'an IPv6 address in the IPv4 field',
      { addresses: { ipv4Address: '2001:db8::1/64' } },
      'INVALID_ADDRESS',
      ['ipv4Address'],
    ],
    [
      'a missing parent',
      { network: { ...vlan10, parent: 'eth0.99' } },
      'PARENT_NOT_FOUND',
      ['network'],
    ],
  ])('refuses %s', (_what, change, code, path) => {
    const request = {
      network: vlan10,
      container: web,
      snapshot: snapshotOf({ links: vlanLinks }),
      addresses: { ipv4Address: '172.16.80.2/24' },
      tempName: 'ulv6666666',
      ...change,
    };
    expect(() => planConnect(request)).toThrow(expect.objectContaining({ code, path }));
  });

  it('refuses a second endpoint of one container on one network (ENDPOINT_EXISTS)', () => {
    const snapshot = snapshotOf({
      links: vlanLinks,
      endpoints: [endpointOf({ id: 'e1', networkId: vlan10.id, container: 'web', ifname: 'eth0' })],
    });
    expect(() =>
      planConnect({
        network: vlan10,
        container: web,
        snapshot,
        addresses: {},
        tempName: 'ulv7777777',
      }),
    ).toThrow(expect.objectContaining({ code: 'ENDPOINT_EXISTS' }));
  });
});

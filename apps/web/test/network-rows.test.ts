import type { Network } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { filterRows, groupNetworks, sortRows, type HostNetwork } from '../src/lib/network-rows';
import { prefixUsage } from '../src/lib/prefix-usage';

const net = (
  name: string,
  vlanId: number | undefined,
  subnet: string,
  over: Partial<Network> = {},
): Network => ({
  id: `${name}-id`,
  name,
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: vlanId ? `eth0.${vlanId}` : 'eth0',
  parentKind: vlanId ? 'vlan' : 'existing',
  ...(vlanId ? { vlanId } : {}),
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [{ family: 4, subnet, auxAddresses: {}, fromDefaultPool: false }],
  labels: {},
  options: {},
  created: '',
  status: 'ok',
  ...over,
});

const on = (host: string, network: Network): HostNetwork => ({
  hostId: `id-${host}`,
  host,
  network,
});

const fleet: HostNetwork[] = [
  on('host-b', net('vlan30', 30, '172.16.30.0/24')),
  on('host-a', net('vlan30', 30, '172.16.30.0/24')),
  on('host-a', net('vlan10', 10, '172.16.80.0/24')),
  on('host-b', net('flat', undefined, '10.9.0.0/16', { mode: 'l3' })),
];

describe('networks as fleet objects', () => {
  it('groups a network held by two hosts into one row with both hosts as chips, in name order', () => {
    const rows = groupNetworks(fleet);
    expect(rows.map((r) => r.name)).toEqual(['flat', 'vlan10', 'vlan30']);
    const vlan30 = rows.find((r) => r.name === 'vlan30');
    expect(vlan30?.hosts.map((h) => h.host)).toEqual(['host-a', 'host-b']);
    expect(vlan30).toMatchObject({ vlans: [30], subnets: ['172.16.30.0/24'], modes: ['l2'] });
  });

  it('filters on every word across name, VLAN, subnet, mode and host names', () => {
    const rows = groupNetworks(fleet);
    expect(filterRows(rows, '').length).toBe(3);
    expect(filterRows(rows, 'host-b').map((r) => r.name)).toEqual(['flat', 'vlan30']);
    expect(filterRows(rows, '172.16 HOST-A').map((r) => r.name)).toEqual(['vlan10', 'vlan30']);
    expect(filterRows(rows, 'l3').map((r) => r.name)).toEqual(['flat']);
    expect(filterRows(rows, 'nothing-like-it')).toEqual([]);
  });

  it('sorts by each column both ways; no VLAN sorts last ascending, ties by name', () => {
    const rows = groupNetworks(fleet);
    const names = (key: Parameters<typeof sortRows>[1]['key'], direction: 'asc' | 'desc') =>
      sortRows(rows, { key, direction }).map((r) => r.name);
    expect(names('vlan', 'asc')).toEqual(['vlan10', 'vlan30', 'flat']);
    expect(names('vlan', 'desc')).toEqual(['flat', 'vlan30', 'vlan10']);
    expect(names('name', 'desc')).toEqual(['vlan30', 'vlan10', 'flat']);
    expect(names('hosts', 'desc')).toEqual(['vlan30', 'vlan10', 'flat']);
    expect(names('subnets', 'asc')).toEqual(['flat', 'vlan30', 'vlan10']);
  });
});

describe('usage of the whole prefix', () => {
  it('counts every host against the whole subnet, not one host slice', () => {
    const usage = prefixUsage('172.16.30.0/24', [
      { host: 'host-a', address: '172.16.30.2/24' },
      { host: 'host-a', address: '172.16.30.3/24' },
      { host: 'host-b', address: '172.16.30.65/24' },
      { host: 'host-b', address: 'fd00::5/64' },
      { host: 'host-b', address: '172.16.31.1/24' },
    ]);
    expect(usage).toEqual({
      subnet: '172.16.30.0/24',
      size: '256',
      used: 3,
      byHost: { 'host-a': 2, 'host-b': 1 },
      percent: 2,
    });
  });

  it('handles an IPv6 /64 without overflow, a tiny share still shows, and bad text is null', () => {
    const usage = prefixUsage('fd00:30::/64', [{ host: 'h', address: 'fd00:30::9/64' }]);
    expect(usage?.size).toBe('18446744073709551616');
    expect(usage?.percent).toBe(1);
    expect(prefixUsage('fd00:30::/64', [])?.percent).toBe(0);
    expect(prefixUsage('not a cidr', [])).toBeNull();
  });
});

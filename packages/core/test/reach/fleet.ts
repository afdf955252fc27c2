import { EndpointSchema, HostSnapshotSchema, NetworkSchema, type Network } from '../../src/schemas';
import type { EndpointRef } from '../../src/reach';
import type { HostView } from '../../src/topology';

// Two lab-like hosts on one trunk (eth0) plus an untagged second NIC (eth1),
// carrying the seed's examples. Everything goes through the real schemas.

type NetSpec = Partial<Network> &
  Pick<Network, 'name' | 'parent'> & {
    subnets4?: [string, string?][];
    subnets6?: [string, string?][];
  };

function network(host: string, spec: NetSpec): Network {
  const { subnets4 = [], subnets6 = [], ...fields } = spec;
  const subnet =
    (family: 4 | 6) =>
    ([cidr, gateway]: [string, string?]) => ({
      family,
      subnet: cidr,
      ...(gateway ? { gateway } : {}),
    });
  return NetworkSchema.parse({
    id: `${host}:${spec.name}`,
    driver: 'ipvlan',
    mode: 'l2',
    flag: 'bridge',
    parentKind: 'vlan',
    internal: false,
    ipv4: true,
    ipv6: subnets6.length > 0,
    labels: {},
    options: {},
    created: '2026-01-01T00:00:00.000Z',
    subnets: [...subnets4.map(subnet(4)), ...subnets6.map(subnet(6))],
    ...(/\.\d+$/.test(spec.parent) && spec.parentKind !== 'existing'
      ? { vlanId: Number(spec.parent.split('.')[1]) }
      : {}),
    ...fields,
  });
}

let clock = 0;
/** An endpoint of `container` on `host`'s network `net`; ids read `host:container@net`. */
function endpoint(
  host: string,
  net: string,
  container: string,
  addresses: { v4?: string; v6?: string },
  ifname = 'eth0',
) {
  clock += 1;
  return EndpointSchema.parse({
    id: `${host}:${container}@${net}`,
    networkId: `${host}:${net}`,
    container,
    netns: container,
    ifname,
    ...(addresses.v4 ? { ipv4Address: addresses.v4 } : {}),
    ...(addresses.v6 ? { ipv6Address: addresses.v6 } : {}),
    created: new Date(Date.parse('2026-01-01T00:00:00Z') + clock * 1000).toISOString(),
  });
}

const vlanLinks = (...vids: number[]) =>
  vids.map((vid) => ({ name: `eth0.${vid}`, kind: 'vlan', parent: 'eth0', vlanId: vid }));
const baseLinks = [
  { name: 'lo', kind: 'loopback' },
  { name: 'eth0', kind: 'device' },
  { name: 'eth1', kind: 'device' },
];

function hostA(): HostView {
  const networks = [
    network('a', {
      name: 'vlan10',
      parent: 'eth0.10',
      subnets4: [['172.16.80.0/24', '172.16.80.1']],
    }),
    network('a', {
      name: 'vlan20',
      parent: 'eth0.20',
      subnets4: [['172.16.50.0/22', '172.16.50.1']],
    }),
    network('a', {
      name: 'manual10',
      parent: 'foo10',
      parentKind: 'existing',
      subnets4: [['172.16.80.0/24', '172.16.80.1']],
    }),
    network('a', {
      name: 'ipvlan114',
      parent: 'eth0.114',
      subnets4: [
        ['192.168.114.0/24', '192.168.114.254'],
        ['192.168.116.0/24', '192.168.116.254'],
      ],
    }),
    network('a', {
      name: 'ipnet210',
      parent: 'dm-ipnet210',
      parentKind: 'dummy',
      mode: 'l3',
      subnets4: [['192.168.214.0/24'], ['10.1.214.0/24']],
    }),
    network('a', {
      name: 'int3',
      parent: 'dm-int3',
      parentKind: 'dummy',
      mode: 'l3',
      internal: true,
      subnets4: [['192.168.74.0/24'], ['10.1.74.0/24']],
    }),
    network('a', {
      name: 'l3vlan',
      parent: 'eth0.215',
      mode: 'l3',
      subnets4: [['192.168.215.0/24'], ['10.1.215.0/24']],
    }),
    network('a', {
      name: 'l3other',
      parent: 'eth0.216',
      mode: 'l3s',
      subnets4: [['192.168.216.0/24']],
    }),
    network('a', {
      name: 'priv',
      parent: 'eth0.65',
      flag: 'private',
      subnets4: [['192.168.65.0/24', '192.168.65.1']],
    }),
    network('a', {
      name: 'vepa',
      parent: 'eth0.66',
      flag: 'vepa',
      subnets4: [['192.168.66.0/24', '192.168.66.1']],
    }),
    network('a', {
      name: 'vepa3',
      parent: 'eth0.67',
      mode: 'l3',
      flag: 'vepa',
      subnets4: [['192.168.67.0/24']],
    }),
    network('a', {
      name: 'int1',
      parent: 'dm-int1',
      parentKind: 'dummy',
      internal: true,
      subnets4: [['192.168.71.0/24']],
    }),
    network('a', {
      name: 'int2',
      parent: 'eth0.72',
      internal: true,
      subnets4: [['192.168.72.0/24'], ['192.168.73.0/24']],
    }),
    network('a', {
      name: 'v6only',
      parent: 'eth0.139',
      subnets6: [['2001:db8:139::/64', '2001:db8:139::1']],
    }),
    network('a', {
      name: 'flat',
      parent: 'eth1',
      parentKind: 'existing',
      subnets4: [['10.9.0.0/24', '10.9.0.1']],
    }),
    network('a', {
      name: 'gone30',
      parent: 'eth0.30',
      subnets4: [['10.1.100.0/16', '10.1.100.1']],
    }),
    network('a', {
      name: 'clash-l2',
      parent: 'eth0.99',
      subnets4: [['10.99.1.0/24', '10.99.1.1']],
    }),
    network('a', { name: 'clash-l3', parent: 'eth0.99', mode: 'l3', subnets4: [['10.99.2.0/24']] }),
  ];
  const endpoints = [
    endpoint('a', 'vlan10', 'web1', { v4: '172.16.80.2/24' }),
    endpoint('a', 'vlan10', 'web3', { v4: '172.16.80.4/24' }),
    endpoint('a', 'vlan20', 'db1', { v4: '172.16.50.2/22' }),
    endpoint('a', 'vlan20', 'web1', { v4: '172.16.50.3/22' }, 'eth1'),
    endpoint('a', 'manual10', 'm1', { v4: '172.16.80.30/24' }),
    endpoint('a', 'ipvlan114', 'c114a', { v4: '192.168.114.10/24' }),
    endpoint('a', 'ipvlan114', 'c114b', { v4: '192.168.114.11/24' }),
    endpoint('a', 'ipvlan114', 'c116', { v4: '192.168.116.10/24' }),
    endpoint('a', 'ipnet210', 'l3a', { v4: '192.168.214.10/24' }),
    endpoint('a', 'ipnet210', 'l3b', { v4: '192.168.214.11/24' }),
    endpoint('a', 'ipnet210', 'l3z', { v4: '10.1.214.10/24' }),
    endpoint('a', 'l3vlan', 'l3c', { v4: '192.168.215.10/24' }),
    endpoint('a', 'l3vlan', 'l3d', { v4: '10.1.215.10/24' }),
    endpoint('a', 'l3other', 'l3s1', { v4: '192.168.216.10/24' }),
    endpoint('a', 'priv', 'p1', { v4: '192.168.65.10/24' }),
    endpoint('a', 'priv', 'p2', { v4: '192.168.65.11/24' }),
    endpoint('a', 'vepa', 'v1', { v4: '192.168.66.10/24' }),
    endpoint('a', 'vepa', 'v2', { v4: '192.168.66.11/24' }),
    endpoint('a', 'vepa3', 'w1', { v4: '192.168.67.10/24' }),
    endpoint('a', 'vepa3', 'w2', { v4: '192.168.67.11/24' }),
    endpoint('a', 'int3', 'n1', { v4: '192.168.74.10/24' }),
    endpoint('a', 'int3', 'n2', { v4: '10.1.74.10/24' }),
    endpoint('a', 'int1', 'd1', { v4: '192.168.71.10/24' }),
    endpoint('a', 'int1', 'd2', { v4: '192.168.71.11/24' }),
    endpoint('a', 'int2', 'i1', { v4: '192.168.72.10/24' }),
    endpoint('a', 'int2', 'i3', { v4: '192.168.73.10/24' }),
    endpoint('a', 'v6only', 's6a', { v6: '2001:db8:139::10/64' }),
    endpoint('a', 'flat', 'f1', { v4: '10.9.0.10/24' }),
    endpoint('a', 'gone30', 'g1', { v4: '10.1.100.10/16' }),
    endpoint('a', 'clash-l2', 'k1', { v4: '10.99.1.10/24' }),
    endpoint('a', 'clash-l3', 'k2', { v4: '10.99.2.10/24' }),
  ];
  const links = [
    ...baseLinks,
    ...vlanLinks(10, 20, 114, 215, 216, 65, 66, 67, 72, 139, 99),
    { name: 'foo10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
    { name: 'dm-ipnet210', kind: 'dummy' },
    { name: 'dm-int1', kind: 'dummy' },
    { name: 'dm-int3', kind: 'dummy' },
  ];
  return {
    id: 'a',
    name: 'host-a',
    online: true,
    snapshot: HostSnapshotSchema.parse({ hostname: 'host-a', links, networks, endpoints }),
  };
}

function hostB(): HostView {
  const networks = [
    network('b', {
      name: 'vlan10',
      parent: 'eth0.10',
      subnets4: [['172.16.80.0/24', '172.16.80.1']],
    }),
    network('b', {
      name: 'vlan20',
      parent: 'eth0.20',
      subnets4: [['172.16.80.0/24', '172.16.80.1']],
    }),
    network('b', {
      name: 'ipvlan114',
      parent: 'eth0.114',
      subnets4: [['192.168.116.0/24', '192.168.116.254']],
    }),
    network('b', {
      name: 'l3vlan',
      parent: 'eth0.215',
      mode: 'l3',
      subnets4: [['192.168.215.0/24']],
    }),
    network('b', {
      name: 'priv',
      parent: 'eth0.65',
      flag: 'private',
      subnets4: [['192.168.65.0/24', '192.168.65.1']],
    }),
    network('b', {
      name: 'int2',
      parent: 'eth0.72',
      internal: true,
      subnets4: [['192.168.72.0/24']],
    }),
    network('b', {
      name: 'v6only',
      parent: 'eth0.139',
      subnets6: [['2001:db8:139::/64', '2001:db8:139::1']],
    }),
    network('b', {
      name: 'flat',
      parent: 'eth1',
      parentKind: 'existing',
      subnets4: [['10.9.0.0/24', '10.9.0.1']],
    }),
  ];
  const endpoints = [
    endpoint('b', 'vlan10', 'web2', { v4: '172.16.80.3/24' }),
    endpoint('b', 'vlan20', 'spoof', { v4: '172.16.80.50/24' }),
    endpoint('b', 'ipvlan114', 'c116b', { v4: '192.168.116.20/24' }),
    endpoint('b', 'l3vlan', 'l3e', { v4: '192.168.215.20/24' }),
    endpoint('b', 'priv', 'p3', { v4: '192.168.65.12/24' }),
    endpoint('b', 'int2', 'i2', { v4: '192.168.72.11/24' }),
    endpoint('b', 'v6only', 's6b', { v6: '2001:db8:139::11/64' }),
    endpoint('b', 'flat', 'f2', { v4: '10.9.0.11/24' }),
  ];
  const links = [...baseLinks, ...vlanLinks(10, 20, 114, 215, 65, 72, 139)];
  return {
    id: 'b',
    name: 'host-b',
    online: true,
    snapshot: HostSnapshotSchema.parse({ hostname: 'host-b', links, networks, endpoints }),
  };
}

/** A fresh two-host fleet (tests may change their copy). */
export const labFleet = (): HostView[] => [hostA(), hostB()];

/** `a:web1@vlan10` → the ref of that endpoint. */
export const ref = (id: string): EndpointRef => ({
  hostId: id.slice(0, id.indexOf(':')),
  endpointId: id,
});

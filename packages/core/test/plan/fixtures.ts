import { HostSnapshotSchema, NetworkSchema } from '../../src/schemas';
import type {
  Container,
  Endpoint,
  HostSnapshot,
  HostSnapshotInput,
  Network,
} from '../../src/schemas';

// Hand-written host states for golden plans: a host with eth0 (and lo), as a
// freshly booted lab guest has, plus whatever a test adds.

export const hostLinks: HostSnapshotInput['links'] = [
  { name: 'lo', kind: 'loopback', up: true },
  { name: 'eth0', kind: 'device', up: true },
];

export const snapshotOf = (input: HostSnapshotInput = {}): HostSnapshot =>
  HostSnapshotSchema.parse({ links: hostLinks, ...input });

/** A resolved network as validate() would hand it over (L2 bridge on eth0 unless told). */
export const networkOf = (fields: Partial<Network> & Pick<Network, 'id' | 'name'>): Network =>
  NetworkSchema.parse({
    driver: 'ipvlan',
    mode: 'l2',
    flag: 'bridge',
    parent: 'eth0',
    parentKind: 'existing',
    internal: false,
    ipv4: true,
    ipv6: false,
    subnets: [],
    labels: {},
    options: {},
    created: '2026-01-01T00:00:00.000Z',
    ...fields,
  });

export const containerOf = (name: string): Container => ({
  name,
  netns: name,
  origin: 'created',
  source: {},
  created: '2026-01-01T00:00:00.000Z',
});

export const endpointOf = (
  fields: Partial<Endpoint> & Pick<Endpoint, 'id' | 'networkId' | 'container' | 'ifname'>,
): Endpoint => ({
  netns: fields.container,
  created: '2026-01-01T00:00:00.000Z',
  ...fields,
});

/** The seed's NetOps VLAN 10: 172.16.80.0/24, gateway .1, parent eth0.10. */
export const vlan10 = networkOf({
  id: 'a1b2c3d4e5f6a7b8',
  name: 'ipvlan10',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
});

/** The seed's L3 network on eth0: 192.168.214.0/24, no gateway (L3 ignores it). */
export const l3net = networkOf({
  id: 'c3c3c3c3c3c3c3c3',
  name: 'ipnet210',
  mode: 'l3',
  subnets: [{ family: 4, subnet: '192.168.214.0/24', auxAddresses: {}, fromDefaultPool: false }],
});

/** The seed's dual-stack VLAN 140: 192.168.140.0/24 gw .1 and 2001:db8:abc2::/64 gw ::22. */
export const dual140 = networkOf({
  id: 'd140d140d140d140',
  name: 'ipvlan140',
  parent: 'eth0.140',
  parentKind: 'vlan',
  vlanId: 140,
  ipv6: true,
  subnets: [
    {
      family: 4,
      subnet: '192.168.140.0/24',
      gateway: '192.168.140.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
    {
      family: 4,
      subnet: '192.168.142.0/24',
      gateway: '192.168.142.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
    {
      family: 6,
      subnet: '2001:db8:abc2::/64',
      gateway: '2001:db8:abc2::22',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
});

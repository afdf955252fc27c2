import { describe, expect, it } from 'vitest';
import {
  type HostSnapshot,
  HostSnapshotSchema,
  type IpamFlags,
  type NetworkCreateInput,
  pairIpamFlags,
  resolveNetworkCreate,
  validateConnect,
  validateNetworkCreate,
} from '../../src';
import { expectIssue } from './helpers';

// Every example of seed-ipvlan-driver.txt (Docker's ipvlan page), typed as CLI flags,
// paired by pairIpamFlags as docker/cli does, against a host as the page assumes:
// eth0 up on the LAN, docker0 on 172.17.0.1/16, and the hand-made VLAN 40 link "foo"
// (ip link add link eth0 name foo type vlan id 40).
const seedHost: HostSnapshot = HostSnapshotSchema.parse({
  hostname: 'docker-host',
  links: [
    { name: 'lo', kind: 'loopback' },
    { name: 'eth0', kind: 'device' },
    { name: 'docker0', kind: 'bridge' },
    { name: 'foo', kind: 'vlan', parent: 'eth0', vlanId: 40 },
  ],
  addresses: [
    { dev: 'lo', address: '127.0.0.1/8' },
    { dev: 'eth0', address: '192.168.1.250/24' },
    { dev: 'docker0', address: '172.17.0.1/16' },
  ],
  containers: [{ name: 'c1', netns: 'c1', origin: 'created', created: 'now' }],
});

interface Cli extends IpamFlags {
  name: string;
  opts?: Record<string, string>;
  ipv6?: boolean;
  internal?: boolean;
}

const cli = ({ name, opts = {}, ipv6, internal, ...flags }: Cli): NetworkCreateInput => ({
  name,
  driver: 'ipvlan',
  options: opts,
  ipam: pairIpamFlags(flags),
  ...(ipv6 ? { ipv6 } : {}),
  ...(internal ? { internal } : {}),
});

const ID = '7d2e1b0c9a8f7e6d5c4b3a291817161514131211100f0e0d0c0b0a0908070605';
const DUMMY = 'di-7d2e1b0c9a8f';

const seed: [string, Cli, object, [string, string | undefined][], string[]][] = [
  [
    'db_net',
    {
      name: 'db_net',
      subnets: ['192.168.1.0/24'],
      gateways: ['192.168.1.1'],
      opts: { ipvlan_mode: 'l2', parent: 'eth0' },
    },
    { mode: 'l2', flag: 'bridge', parent: 'eth0', parentKind: 'existing', internal: false },
    [['192.168.1.0/24', '192.168.1.1']],
    [],
  ],
  [
    'ipvlan20 (VLAN 20, default mode)',
    {
      name: 'ipvlan20',
      subnets: ['192.168.20.0/24'],
      gateways: ['192.168.20.1'],
      opts: { parent: 'eth0.20' },
    },
    { mode: 'l2', flag: 'bridge', parent: 'eth0.20', parentKind: 'vlan', vlanId: 20 },
    [['192.168.20.0/24', '192.168.20.1']],
    [],
  ],
  [
    'ipvlan30 (VLAN 30, l2)',
    {
      name: 'ipvlan30',
      subnets: ['192.168.30.0/24'],
      gateways: ['192.168.30.1'],
      opts: { parent: 'eth0.30', ipvlan_mode: 'l2' },
    },
    { mode: 'l2', parent: 'eth0.30', parentKind: 'vlan', vlanId: 30 },
    [['192.168.30.0/24', '192.168.30.1']],
    [],
  ],
  [
    'ipvlan114 (two subnets, L2)',
    {
      name: 'ipvlan114',
      subnets: ['192.168.114.0/24', '192.168.116.0/24'],
      gateways: ['192.168.114.254', '192.168.116.254'],
      opts: { parent: 'eth0.114', ipvlan_mode: 'l2' },
    },
    { mode: 'l2', parent: 'eth0.114', parentKind: 'vlan', vlanId: 114 },
    [
      ['192.168.114.0/24', '192.168.114.254'],
      ['192.168.116.0/24', '192.168.116.254'],
    ],
    [],
  ],
  [
    'ipnet210 (L3, no parent)',
    {
      name: 'ipnet210',
      subnets: ['192.168.214.0/24', '10.1.214.0/24'],
      opts: { ipvlan_mode: 'l3' },
    },
    { mode: 'l3', parent: DUMMY, parentKind: 'dummy', internal: false },
    [
      ['192.168.214.0/24', undefined],
      ['10.1.214.0/24', undefined],
    ],
    [],
  ],
  [
    'ipnet210 with a gateway given: L3 ignores it',
    {
      name: 'ipnet210gw',
      subnets: ['192.168.215.0/24'],
      gateways: ['192.168.215.1'],
      opts: { ipvlan_mode: 'l3' },
    },
    { mode: 'l3', parent: DUMMY, parentKind: 'dummy', internal: false },
    [['192.168.215.0/24', undefined]],
    ['GATEWAY_IGNORED_L3'],
  ],
  [
    'v6ipvlan139 (IPv6 subnet; IPv4 from the default pool)',
    {
      name: 'v6ipvlan139',
      ipv6: true,
      subnets: ['2001:db8:abc2::/64'],
      gateways: ['2001:db8:abc2::22'],
      opts: { parent: 'eth0.139' },
    },
    { mode: 'l2', parent: 'eth0.139', parentKind: 'vlan', vlanId: 139, ipv6: true },
    [
      ['172.18.0.0/16', '172.18.0.1'],
      ['2001:db8:abc2::/64', '2001:db8:abc2::22'],
    ],
    [],
  ],
  [
    'ipvlan140 (dual stack L2)',
    {
      name: 'ipvlan140',
      ipv6: true,
      subnets: ['192.168.140.0/24', '192.168.142.0/24', '2001:db8:abc9::/64'],
      gateways: ['192.168.140.1', '192.168.142.1', '2001:db8:abc9::22'],
      opts: { parent: 'eth0.140', ipvlan_mode: 'l2' },
    },
    { mode: 'l2', parent: 'eth0.140', parentKind: 'vlan', vlanId: 140 },
    [
      ['192.168.140.0/24', '192.168.140.1'],
      ['192.168.142.0/24', '192.168.142.1'],
      ['2001:db8:abc9::/64', '2001:db8:abc9::22'],
    ],
    [],
  ],
  [
    'ipnet110 (dual stack L3 on VLAN 118; the v6 gateway is ignored)',
    {
      name: 'ipnet110',
      ipv6: true,
      subnets: ['192.168.110.0/24', '192.168.112.0/24', '2001:db8:abc6::/64'],
      gateways: ['2001:db8:abc6::10'],
      opts: { parent: 'eth0.118', ipvlan_mode: 'l3' },
    },
    { mode: 'l3', parent: 'eth0.118', parentKind: 'vlan', vlanId: 118, internal: false },
    [
      ['192.168.110.0/24', undefined],
      ['192.168.112.0/24', undefined],
      ['2001:db8:abc6::/64', undefined],
    ],
    ['GATEWAY_IGNORED_L3'],
  ],
  [
    'NetOps VLAN 10',
    {
      name: 'vlan10',
      subnets: ['172.16.80.0/24'],
      gateways: ['172.16.80.1'],
      opts: { parent: 'eth0.10' },
    },
    { mode: 'l2', parent: 'eth0.10', parentKind: 'vlan', vlanId: 10 },
    [['172.16.80.0/24', '172.16.80.1']],
    [],
  ],
  [
    'NetOps VLAN 20, subnet written with its masked form 172.16.48.0/22',
    {
      name: 'vlan20',
      subnets: ['172.16.48.0/22'],
      gateways: ['172.16.50.1'],
      opts: { parent: 'eth0.20' },
    },
    { parent: 'eth0.20', parentKind: 'vlan', vlanId: 20 },
    [['172.16.48.0/22', '172.16.50.1']],
    [],
  ],
  [
    'NetOps VLAN 30, subnet written with its masked form 10.1.0.0/16',
    {
      name: 'vlan30',
      subnets: ['10.1.0.0/16'],
      gateways: ['10.1.100.1'],
      opts: { parent: 'eth0.30' },
    },
    { parent: 'eth0.30', parentKind: 'vlan', vlanId: 30 },
    [['10.1.0.0/16', '10.1.100.1']],
    [],
  ],
  [
    'manual VLAN 40 link "foo"',
    {
      name: 'vlan40',
      subnets: ['192.168.40.0/24'],
      gateways: ['192.168.40.1'],
      opts: { parent: 'foo' },
    },
    { mode: 'l2', parent: 'foo', parentKind: 'existing', vlanId: 40 },
    [['192.168.40.0/24', '192.168.40.1']],
    [],
  ],
  // No parent: the dummy isolates the network, internal stays as asked, and L2 keeps the seed's default gateway.
  [
    'no parent: isolated via a dummy',
    { name: 'isolated', subnets: ['192.168.10.0/24'] },
    { parent: DUMMY, parentKind: 'dummy', internal: false },
    [['192.168.10.0/24', '192.168.10.1']],
    [],
  ],
  [
    '--internal without a parent',
    { name: 'internal11', internal: true, subnets: ['192.168.11.0/24'] },
    { parent: DUMMY, parentKind: 'dummy', internal: true },
    [['192.168.11.0/24', undefined]],
    [],
  ],
];

describe('seed examples', () => {
  // Docker reads -o parent="" as no parent (an isolated network on a dummy);
  // an unset $NIC in a script then makes one without a word, so underlay
  // refuses the empty value (issue 16) and no parent is spelled by leaving -o parent out.
  it('-o parent="" (empty parent) is refused, naming the option', () => {
    const issues = validateNetworkCreate(
      cli({ name: 'emptyparent', subnets: ['192.168.12.0/24'], opts: { parent: '' } }),
      seedHost,
    );
    expect(issues.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['EMPTY_OPTION', 'options.parent'],
    ]);
  });

  it.each(seed)('%s', (_title, flags, expected, subnets, warnings) => {
    const { network, warnings: got } = resolveNetworkCreate(cli(flags), seedHost, {
      id: ID,
      now: '2026-01-01T00:00:00.000Z',
    });
    expect(network).toMatchObject({ name: flags.name, driver: 'ipvlan', ...expected });
    if (!('vlanId' in expected)) expect(network.vlanId).toBeUndefined();
    expect(network.subnets.map((s) => [s.subnet, s.gateway])).toEqual(subnets);
    expect(got.map((w) => w.code)).toEqual(warnings);
  });

  it('v6ipvlan139: the IPv4 subnet is marked as coming from the default pool', () => {
    const { network } = resolveNetworkCreate(cli(seed[6]![1]), seedHost, { id: ID, now: 'now' });
    expect(network.subnets.map((s) => s.fromDefaultPool)).toEqual([true, false]);
  });

  // The seed's NetOps table writes subnets with host bits set. underlay refuses them as the
  // Docker daemon does today ("invalid subnet …: it should be …"), naming the masked form.
  it.each([
    ['VLAN 20: 172.16.50.0/22', '172.16.50.0/22', '172.16.50.1', 'eth0.20', '172.16.48.0/22'],
    ['VLAN 30: 10.1.100.0/16', '10.1.100.0/16', '10.1.100.1', 'eth0.30', '10.1.0.0/16'],
  ])(
    'NetOps %s as written is refused with SUBNET_HOST_BITS',
    (_title, subnet, gateway, parent, masked) => {
      const issues = validateNetworkCreate(
        cli({ name: 'netops', subnets: [subnet], gateways: [gateway], opts: { parent } }),
        seedHost,
      );
      expect(issues.map((p) => p.code)).toEqual(['SUBNET_HOST_BITS']);
      expectIssue(issues, 'SUBNET_HOST_BITS', ['ipam', 0, 'subnet'], `it should be ${masked}`);
    },
  );

  it('the containers of the page connect with their static addresses', () => {
    let host = seedHost;
    for (const index of [7, 8])
      host = {
        ...host,
        networks: [
          ...host.networks,
          resolveNetworkCreate(cli(seed[index]![1]), host, {
            id: `${index}`.repeat(64),
            now: 'now',
          }).network,
        ],
      };
    expect(
      validateConnect(
        { network: 'ipvlan140', container: 'c1', ipv4Address: '192.168.140.10' },
        host,
      ),
    ).toEqual([]);
    expect(
      validateConnect(
        {
          network: 'ipnet110',
          container: 'c1',
          ipv6Address: '2001:db8:abc6::50',
          ipv4Address: '192.168.112.50',
        },
        host,
      ),
    ).toEqual([]);
  });

  it('all of them on one host: shared VLAN parents agree, and only ipnet210 vs VLAN 30 overlap', () => {
    let host = seedHost;
    const refused: string[] = [];
    seed.forEach(([, flags], i) => {
      const input = cli(flags);
      const issues = validateNetworkCreate(input, host);
      if (issues.some((p) => p.severity === 'error'))
        return refused.push(`${flags.name}: ${issues.map((p) => p.code).join(',')}`);
      const id = i.toString(16).padStart(2, '0').repeat(32);
      host = {
        ...host,
        networks: [...host.networks, resolveNetworkCreate(input, host, { id, now: 'now' }).network],
      };
    });
    expect(refused).toEqual(['vlan30: SUBNET_OVERLAP']);
    expect(host.networks.filter((n) => n.parent === 'eth0.20').map((n) => n.name)).toEqual([
      'ipvlan20',
      'vlan20',
    ]);
    expect(
      new Set(host.networks.filter((n) => n.parentKind === 'dummy').map((n) => n.parent)).size,
    ).toBe(4);
  });
});

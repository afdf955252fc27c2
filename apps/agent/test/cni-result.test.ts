import { CniResultSchema, type Endpoint, type Network, type PlanStep } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { cniContainerName, namedNetns } from '../src/cni/names';
import { createRequestOf, firstMismatch } from '../src/cni/network';
import { addResult, convertResult } from '../src/cni/result';
import { toCniError } from '../src/cni/errors';
import { DomainError, issue } from '@underlay/core';

// Result shapes per spec version, the inline-network equality check, and the
// names CNI containers get in underlay's records.

const endpoint: Endpoint = {
  id: 'e1',
  networkId: 'n1',
  container: 'cni-abc',
  netns: 'netns-1',
  ifname: 'eth0',
  ipv4Address: '172.16.80.2/24',
  ipv6Address: 'fd00:80::2/64',
  mac: '02:00:00:00:01:01',
  created: '2026-12-03T00:00:00.000Z',
};

const route = (family: 4 | 6, via?: string): PlanStep => ({
  op: {
    op: 'routeReplace',
    netns: 'netns-1',
    family,
    dst: 'default',
    dev: 'eth0',
    ...(via ? { via } : {}),
  },
  inverse: null,
  why: '',
});

const conf = { cniVersion: '1.0.0', name: 'vlan10', type: 'underlay-cni' };

describe('ADD result', () => {
  it('L2: interface with sandbox, ips on interface 0 with gateways, default routes via them', () => {
    const result = addResult({
      version: '1.0.0',
      conf,
      endpoint,
      netnsPath: '/run/netns/netns-1',
      steps: [route(4, '172.16.80.1'), route(6, 'fd00:80::1')],
    });
    expect(CniResultSchema.parse(result)).toEqual(result);
    expect(result).toEqual({
      cniVersion: '1.0.0',
      interfaces: [{ name: 'eth0', mac: '02:00:00:00:01:01', sandbox: '/run/netns/netns-1' }],
      ips: [
        { address: '172.16.80.2/24', gateway: '172.16.80.1', interface: 0 },
        { address: 'fd00:80::2/64', gateway: 'fd00:80::1', interface: 0 },
      ],
      routes: [
        { dst: '0.0.0.0/0', gw: '172.16.80.1' },
        { dst: '::/0', gw: 'fd00:80::1' },
      ],
    });
  });

  it('L3: default routes without gateway; internal (no route steps): no routes', () => {
    const l3 = addResult({ version: '1.1.0', conf, endpoint, netnsPath: '/p', steps: [route(4)] });
    expect(l3.routes).toEqual([{ dst: '0.0.0.0/0' }]);
    expect(l3.ips?.[0]).toEqual({ address: '172.16.80.2/24', interface: 0 });
    const internal = addResult({ version: '1.1.0', conf, endpoint, netnsPath: '/p', steps: [] });
    expect(internal.routes).toEqual([]);
    expect(internal.ips?.every((ip) => ip.gateway === undefined)).toBe(true);
  });

  it('0.4.0 carries a version on each address; 1.x does not', () => {
    const old = addResult({ version: '0.4.0', conf, endpoint, netnsPath: '/p', steps: [] });
    expect(old.cniVersion).toBe('0.4.0');
    expect(old.ips?.map((ip) => ip.version)).toEqual(['4', '6']);
    const back = convertResult(old, '1.1.0');
    expect(back.ips?.some((ip) => 'version' in ip)).toBe(false);
    expect(back.cniVersion).toBe('1.1.0');
  });

  it('chained ADD: prevResult entries first, ours appended with the right interface index', () => {
    const prevResult = {
      cniVersion: '1.0.0',
      interfaces: [{ name: 'lo0', sandbox: '/p' }],
      ips: [{ address: '10.9.0.2/24', interface: 0 }],
      routes: [{ dst: '10.8.0.0/16' }],
      dns: { nameservers: ['10.9.0.1'] },
    };
    const result = addResult({
      version: '1.0.0',
      conf: { ...conf, prevResult, dns: { nameservers: ['172.16.80.53'] } },
      endpoint: { ...endpoint, ipv6Address: undefined },
      netnsPath: '/p',
      steps: [route(4, '172.16.80.1')],
    });
    expect(result.interfaces?.map((i) => i.name)).toEqual(['lo0', 'eth0']);
    expect(result.ips).toEqual([
      { address: '10.9.0.2/24', interface: 0 },
      { address: '172.16.80.2/24', gateway: '172.16.80.1', interface: 1 },
    ]);
    expect(result.routes).toEqual([
      { dst: '10.8.0.0/16' },
      { dst: '0.0.0.0/0', gw: '172.16.80.1' },
    ]);
    expect(result.dns).toEqual({ nameservers: ['172.16.80.53'] });
  });
});

const network: Network = {
  id: 'n1',
  name: 'vlan10',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      ipRange: '172.16.80.128/25',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
  labels: {},
  options: { parent: 'eth0.10' },
  created: '',
  status: 'ok',
};

describe('inline options against the existing network', () => {
  const rows: [string, Record<string, unknown>, string | null][] = [
    [
      'all agree',
      {
        parent: 'eth0.10',
        ipvlan_mode: 'l2',
        subnets: [{ subnet: '172.16.80.0/24', gateway: '172.16.80.1' }],
      },
      null,
    ],
    ['parent', { parent: 'eth0.20' }, 'parent'],
    ['ipvlan_mode', { ipvlan_mode: 'l3' }, 'ipvlan_mode'],
    ['ipvlan_flag', { ipvlan_flag: 'private' }, 'ipvlan_flag'],
    ['internal', { internal: true }, 'internal'],
    [
      'subnet count',
      { subnets: [{ subnet: '172.16.80.0/24' }, { subnet: '172.16.81.0/24' }] },
      'subnets',
    ],
    ['subnet', { subnets: [{ subnet: '172.16.81.0/24' }] }, 'subnets[0].subnet'],
    [
      'gateway',
      { subnets: [{ subnet: '172.16.80.0/24', gateway: '172.16.80.254' }] },
      'subnets[0].gateway',
    ],
    [
      'ipRange',
      { subnets: [{ subnet: '172.16.80.0/24', ipRange: '172.16.80.0/25' }] },
      'subnets[0].ipRange',
    ],
  ];
  it.each(rows)('%s', (_title, inline, key) => {
    const mismatch = firstMismatch({ ...conf, ...inline } as never, network);
    expect(mismatch?.[0] ?? null).toBe(key);
  });

  it('an inline config is the network create request it stands for', () => {
    expect(
      createRequestOf({
        ...conf,
        network: 'v10',
        parent: 'eth0.10',
        ipvlan_mode: 'l3',
        subnets: [{ subnet: 'fd00::/64' }],
      }),
    ).toEqual({
      name: 'v10',
      driver: 'ipvlan',
      options: { parent: 'eth0.10', ipvlan_mode: 'l3' },
      internal: false,
      ipv6: true,
      ipam: [{ subnet: 'fd00::/64' }],
    });
  });
});

describe('names and codes', () => {
  it('names a CNI container after its id, hashing ids too long for a name', () => {
    expect(cniContainerName('abc')).toBe('cni-abc');
    const long = 'f'.repeat(64);
    const name = cniContainerName(long);
    expect(name).toHaveLength(64);
    expect(name).not.toBe(cniContainerName(`${'f'.repeat(63)}e`));
  });

  it('keeps a /run/netns name, and only that', () => {
    expect(namedNetns('/run/netns/netns-1234')).toBe('netns-1234');
    expect(namedNetns('/var/run/netns/x')).toBe('x');
    expect(namedNetns('/proc/42/ns/net')).toBeNull();
    expect(namedNetns('/run/netns/a/b')).toBeNull();
  });

  it('maps domain codes to CNI codes ≥ 100, naming the field in CNI terms', () => {
    const err = toCniError(
      new DomainError(
        issue('ADDRESS_IN_USE', ['ipv4Address'], '172.16.80.5 is in use', 'Pick another.'),
      ),
    );
    expect(err.code).toBe(103);
    expect(err.message).toBe('runtimeConfig.ips: 172.16.80.5 is in use');
    expect(err.details).toContain('ADDRESS_IN_USE');
  });
});

import { NetworkCreateSchema } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error';
import {
  connectRequest,
  disconnectRequest,
  networkCreateRequest,
} from '../../src/cli/parse-network';
import { attachRequest, pingRequest } from '../../src/cli/parse-container';

describe('networkCreateRequest', () => {
  it('gives Docker defaults with only a name', async () => {
    await expect(networkCreateRequest('n', {})).resolves.toEqual({
      name: 'n',
      driver: 'ipvlan',
      options: {},
      internal: false,
      ipv4: true,
      ipv6: false,
      ipam: [],
      labels: {},
    });
  });

  it('maps every flag to the core request, which the core schema accepts', async () => {
    const request = await networkCreateRequest('ipvnet140', {
      driver: 'ipvlan',
      subnet: ['192.168.140.0/24', '192.170.140.0/24', '2001:db8:abc8::/64'],
      gateway: ['192.168.140.1', '192.170.140.1', '2001:db8:abc8::10'],
      ipRange: ['192.168.140.128/25'],
      auxAddress: ['router=192.168.140.5'],
      opt: ['parent=eth0.140', 'ipvlan_mode=l2', 'ipvlan_flag=bridge'],
      internal: true,
      ipv4: true,
      ipv6: true,
      label: ['team=netops', 'bare'],
    });
    expect(request).toEqual({
      name: 'ipvnet140',
      driver: 'ipvlan',
      options: { parent: 'eth0.140', ipvlan_mode: 'l2', ipvlan_flag: 'bridge' },
      internal: true,
      ipv4: true,
      ipv6: true,
      ipam: [
        {
          subnet: '192.168.140.0/24',
          gateway: '192.168.140.1',
          ipRange: '192.168.140.128/25',
          auxAddresses: { router: '192.168.140.5' },
        },
        { subnet: '192.170.140.0/24', gateway: '192.170.140.1' },
        { subnet: '2001:db8:abc8::/64', gateway: '2001:db8:abc8::10' },
      ],
      labels: { team: 'netops', bare: '' },
    });
    expect(NetworkCreateSchema.safeParse(request).success).toBe(true);
  });

  it('passes --ipv4=false through', async () => {
    await expect(
      networkCreateRequest('v6', { ipv4: false, ipv6: true, subnet: ['2001:db8:139::/64'] }),
    ).resolves.toMatchObject({ ipv4: false, ipv6: true });
  });

  it('passes option values as typed (the agent refuses bad ones with a code)', async () => {
    expect(
      (await networkCreateRequest('n', { opt: ['ipvlan_mode=L2', 'mtu=9000'] })).options,
    ).toEqual({
      ipvlan_mode: 'L2',
      mtu: '9000',
    });
  });

  it.each<[string, Parameters<typeof networkCreateRequest>[1], string]>([
    [
      '-o without =',
      { opt: ['parent'] },
      'Error: --opt: "parent" is not key=value: write it as --opt key=value.',
    ],
    [
      '--aux-address without =',
      { subnet: ['10.0.0.0/24'], auxAddress: ['10.0.0.5'] },
      'Error: --aux-address: "10.0.0.5" is not key=value',
    ],
    ['a label given twice', { label: ['a=1', 'a=2'] }, 'Error: --label: "a" is given twice'],
    [
      'a gateway outside the subnets',
      { subnet: ['10.0.0.0/24'], gateway: ['10.0.1.1'] },
      'Error: --gateway: no --subnet contains gateway "10.0.1.1"',
    ],
  ])('refuses %s', async (_, flags, expected) => {
    await expect(networkCreateRequest('n', flags)).rejects.toThrow(CliError);
    await expect(networkCreateRequest('n', flags)).rejects.toThrow(expected);
  });
});

describe('connect, disconnect, attach, ping', () => {
  it('connect with and without static addresses', () => {
    expect(connectRequest('net', 'c1', {})).toEqual({ network: 'net', container: 'c1' });
    expect(connectRequest('net', 'c1', { ip: '192.168.1.10', ip6: '2001:db8::10' })).toEqual({
      network: 'net',
      container: 'c1',
      ipv4Address: '192.168.1.10',
      ipv6Address: '2001:db8::10',
    });
  });

  it('disconnect', () => {
    expect(disconnectRequest('net', 'c1')).toEqual({ network: 'net', container: 'c1' });
  });

  it.each([
    [{ pid: 42 }, { name: 'web', pid: 42 }],
    [{ netns: '/proc/42/ns/net' }, { name: 'web', netnsPath: '/proc/42/ns/net' }],
    [{ netnsName: 'blue' }, { name: 'web', netnsName: 'blue' }],
  ])('attach %j', (flags, expected) => {
    expect(attachRequest('web', flags)).toEqual(expected);
  });

  it.each([{}, { pid: 1, netns: '/x' }, { pid: 1, netns: '/x', netnsName: 'y' }])(
    'attach refuses %j',
    (flags) => {
      expect(() => attachRequest('web', flags)).toThrow(
        /^Error: --pid\|--netns\|--netns-name: give exactly one way to find the namespace/,
      );
    },
  );

  it('ping', () => {
    expect(pingRequest('c1', 'c2', {})).toEqual({ container: 'c1', target: 'c2' });
    expect(pingRequest('c1', '10.0.0.2', { count: 3, timeout: 1500 })).toEqual({
      container: 'c1',
      target: '10.0.0.2',
      count: 3,
      timeoutMs: 1500,
    });
  });
});

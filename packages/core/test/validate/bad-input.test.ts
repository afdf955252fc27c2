// Bad input found by trying underlay as a new user would (issue 16): each row
// was accepted, or refused unclearly, before the fix.
import { describe, expect, it } from 'vitest';
import {
  formatIssue,
  type IpamConfig,
  SPECIAL_RANGES,
  validateContainerCreate,
  validateNetworkCreate,
} from '../../src';
import { expectIssue, expectNoIssue, hostOf, requestOf, withNetwork } from './helpers';

const host = hostOf();
const ipam = (entries: IpamConfig[]) =>
  validateNetworkCreate(requestOf({ ipam: entries, ipv6: true }), host);

describe('SUBNET_RESERVED: blocks a network may not use', () => {
  it.each([
    ['224.1.0.0/24', '224.0.0.0/4', 'multicast'],
    ['127.0.0.0/8', '127.0.0.0/8', 'loopback'],
    ['127.1.2.0/24', '127.0.0.0/8', 'loopback'],
    ['0.0.0.0/0', '0.0.0.0/8', '"this network"'],
    ['0.0.0.0/8', '0.0.0.0/8', '"this network"'],
    ['169.254.0.0/16', '169.254.0.0/16', 'link-local'],
    ['240.0.0.0/24', '240.0.0.0/4', 'reserved'],
    ['255.255.255.252/30', '240.0.0.0/4', 'broadcast'],
    ['128.0.0.0/1', '169.254.0.0/16', 'link-local'],
    ['::/64', '::/127', 'loopback'],
    ['::/0', '::/127', 'unspecified'],
    ['::ffff:0:0/96', '::ffff:0:0/96', 'IPv4-mapped'],
    ['::ffff:10.0.0.0/120', '::ffff:0:0/96', 'IPv4-mapped'],
    ['100::/64', '100::/64', 'discard-only'],
    ['fe80::/64', 'fe80::/10', 'link-local'],
    ['fec0::/64', 'fec0::/10', 'site-local'],
    ['ff02::/64', 'ff00::/8', 'multicast'],
    ['ff00::/8', 'ff00::/8', 'multicast'],
  ])('refuses %j (in or over %s, %s) with the reason', (subnet, block, name) => {
    const problem = expectIssue(
      ipam([{ subnet }]),
      'SUBNET_RESERVED',
      ['ipam', 0, 'subnet'],
      subnet,
    );
    expect(problem.message).toContain(block);
    expect(problem.message).toContain(name);
    expect(problem.message).toMatch(/: .+\.$/);
    expect(problem.hint).toContain('packages/core/README.md');
  });

  it.each([
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '192.0.2.0/24',
    '198.51.100.0/24',
    '203.0.113.0/24',
    '223.255.255.0/24',
    '126.0.0.0/8',
    '1.0.0.0/8',
    '2001:db8::/32',
    'fd00::/8',
    '2000::/3',
    '64:ff9b::/96',
    '::2/127',
    'fe00::/9',
  ])('accepts %j (ordinary unicast)', (subnet) => {
    expectNoIssue(ipam([{ subnet }]), 'SUBNET_RESERVED');
  });

  it('lists every block in the core README', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const range of SPECIAL_RANGES) expect(readme).toContain(`\`${range.cidr}\``);
  });
});

describe('EMPTY_OPTION: -o key= with nothing after the =', () => {
  it.each(['parent', 'ipvlan_mode', 'ipvlan_flag', 'host_shim'])(
    'refuses an empty %s, naming it',
    (key) => {
      const issues = validateNetworkCreate(requestOf({ options: { [key]: '' } }), host);
      const problem = expectIssue(issues, 'EMPTY_OPTION', ['options', key], `"${key}"`);
      expect(formatIssue(problem)).toContain(`-o ${key}=`);
      // One clear line, not a second "ipvlan_mode "" is not valid" about the same value.
      expect(issues.filter((p) => p.path.join('.') === `options.${key}`)).toHaveLength(1);
    },
  );
  it('refuses a blank parent (an unset $NIC with spaces around it)', () => {
    const issues = validateNetworkCreate(requestOf({ options: { parent: ' ' } }), host);
    expectIssue(issues, 'EMPTY_OPTION', ['options', 'parent'], 'parent');
  });
  it('still makes an isolated network when -o parent is left out', () => {
    const issues = validateNetworkCreate(requestOf({ options: {} }), host);
    expect(issues.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('SUBNET_OVERLAP over many networks', () => {
  const crowded = Array.from({ length: 106 }, (_, i) => i).reduce(
    (snapshot, i) =>
      withNetwork(snapshot, {
        name: `n${i}`,
        options: {},
        ipam: [{ subnet: `10.${i}.0.0/16` }],
      }),
    hostOf(),
  );

  it('is one issue naming the first three and the count', () => {
    const issues = validateNetworkCreate(requestOf({ ipam: [{ subnet: '10.0.0.0/8' }] }), crowded);
    const overlaps = issues.filter((p) => p.code === 'SUBNET_OVERLAP');
    expect(overlaps).toHaveLength(1);
    expect(overlaps[0]?.message).toBe(
      'subnet 10.0.0.0/8 overlaps 10.0.0.0/16 of network "n0", 10.1.0.0/16 of network "n1", 10.2.0.0/16 of network "n2" and 103 more subnets (106 in all).',
    );
    expect(overlaps[0]?.hint).toContain('network ls');
  });

  it('names a single overlap plainly, with the shared-subnet advice when identical', () => {
    const [problem] = validateNetworkCreate(
      requestOf({ name: 'again', ipam: [{ subnet: '10.5.0.0/16' }] }),
      crowded,
    ).filter((p) => p.code === 'SUBNET_OVERLAP');
    expect(problem?.message).toBe('subnet 10.5.0.0/16 overlaps 10.5.0.0/16 of network "n5".');
    expect(problem?.hint).toContain('--ip-range');
  });

  it('refuses 0.0.0.0/0 with one line, not one per network', () => {
    const issues = validateNetworkCreate(requestOf({ ipam: [{ subnet: '0.0.0.0/0' }] }), crowded);
    expect(issues.filter((p) => p.severity === 'error')).toHaveLength(1);
    expect(issues[0]?.code).toBe('SUBNET_RESERVED');
  });
});

describe('messages without holes', () => {
  it('says "on this host" when the snapshot has no host name', () => {
    const nameless = {
      ...hostOf({ containers: [{ name: 'c1', netns: 'c1', origin: 'created', created: 'now' }] }),
      hostname: '',
    };
    const [problem] = validateContainerCreate({ name: 'c1' }, nameless);
    expect(problem?.message).toBe('container "c1" already exists on this host.');
  });
});

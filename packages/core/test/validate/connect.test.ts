import { describe, expect, it } from 'vitest';
import { findNetwork, validateConnect } from '../../src';
import { expectIssue, expectNoIssue, hostOf, requestOf, withNetwork } from './helpers';

const ID = 'abcdef0123456789'.padEnd(64, '0');
const base = withNetwork(
  hostOf({
    containers: [
      { name: 'web', netns: 'web', origin: 'created', created: 'now' },
      { name: 'db', netns: 'db', origin: 'created', created: 'now' },
    ],
  }),
  requestOf({
    name: 'ipvlan140',
    ipv6: true,
    options: { parent: 'eth0.140' },
    ipam: [{ subnet: '192.168.140.0/24' }, { subnet: '2001:db8:abc9::/64' }],
  }),
  ID,
);
const host = {
  ...withNetwork(
    base,
    requestOf({ name: 'v4only', options: { parent: 'eth1' }, ipam: [{ subnet: '10.9.0.0/24' }] }),
    'abcd99'.padEnd(64, '1'),
  ),
  endpoints: [
    {
      id: 'e1',
      networkId: ID,
      container: 'db',
      netns: 'db',
      ifname: 'eth0',
      ipv4Address: '192.168.140.2/24',
      created: 'now',
    },
  ],
};

describe('NOT_FOUND', () => {
  it('accepts a known container and network', () => {
    expect(validateConnect({ network: 'ipvlan140', container: 'web' }, host)).toEqual([]);
  });
  it('refuses an unknown container', () => {
    expectIssue(
      validateConnect({ network: 'ipvlan140', container: 'nope' }, host),
      'NOT_FOUND',
      ['container'],
      '"nope"',
    );
  });
  it('refuses an unknown network', () => {
    expectIssue(
      validateConnect({ network: 'nope', container: 'web' }, host),
      'NOT_FOUND',
      ['network'],
      '"nope"',
    );
  });
  it('refuses a bad shape with INVALID_INPUT at the zod path', () => {
    expectIssue(
      validateConnect({ network: '', container: 'web' }, host),
      'INVALID_INPUT',
      ['network'],
      '',
    );
  });
});

describe('findNetwork', () => {
  it.each([
    ['ipvlan140', 'ipvlan140'],
    [ID, 'ipvlan140'],
    ['abcdef', 'ipvlan140'],
    ['abcd9', 'v4only'],
  ])('finds %j', (ref, name) => {
    expect(findNetwork(host, ref)?.name).toBe(name);
  });
  it.each(['abcd', 'ab', 'zzz', ''])(
    'finds nothing for the ambiguous, too short or unknown %j',
    (ref) => {
      expect(findNetwork(host, ref)).toBeUndefined();
    },
  );
});

describe('ENDPOINT_EXISTS', () => {
  it('refuses a container already on the network', () => {
    expectIssue(
      validateConnect({ network: 'ipvlan140', container: 'db' }, host),
      'ENDPOINT_EXISTS',
      ['container'],
      '"db"',
    );
  });
  it('accepts the same container on another network', () => {
    expectNoIssue(validateConnect({ network: 'v4only', container: 'db' }, host), 'ENDPOINT_EXISTS');
  });
});

describe('INVALID_ADDRESS', () => {
  it.each([
    ['ipv4Address', '192.168.140.10'],
    ['ipv6Address', '2001:db8:abc9::50'],
  ])('accepts %s %j', (field, value) => {
    expect(
      validateConnect({ network: 'ipvlan140', container: 'web', [field]: value }, host),
    ).toEqual([]);
  });
  it.each([
    ['ipv4Address', '2001:db8:abc9::50', 'not an IPv4 address'],
    ['ipv4Address', '0.0.0.0', 'unspecified'],
    ['ipv4Address', '192.168.140.10/24', 'prefix length'],
    ['ipv4Address', '192.168.140', 'not an IP address'],
    ['ipv6Address', '192.168.140.10', 'not an IPv6 address'],
    ['ipv6Address', '::', 'unspecified'],
    ['ipv6Address', 'fe80::1%eth0', 'zoned'],
  ])('refuses %s %j', (field, value, mentions) => {
    const problem = expectIssue(
      validateConnect({ network: 'ipvlan140', container: 'web', [field]: value }, host),
      'INVALID_ADDRESS',
      [field],
      value,
    );
    expect(problem.message).toContain(mentions);
  });
});

describe('ADDRESS_OUTSIDE_SUBNET', () => {
  it.each([
    ['ipv4Address', '192.168.141.10', 'in no subnet of network "ipvlan140" (192.168.140.0/24)'],
    ['ipv6Address', '2001:db8:abc8::50', 'in no subnet'],
  ])('refuses %s %j', (field, value, mentions) => {
    const problem = expectIssue(
      validateConnect({ network: 'ipvlan140', container: 'web', [field]: value }, host),
      'ADDRESS_OUTSIDE_SUBNET',
      [field],
      value,
    );
    expect(problem.message).toContain(mentions);
  });
  it('refuses an address of a family the network does not have', () => {
    expectIssue(
      validateConnect({ network: 'v4only', container: 'web', ipv6Address: '2001:db8::5' }, host),
      'ADDRESS_OUTSIDE_SUBNET',
      ['ipv6Address'],
      'has no IPv6 subnet',
    );
  });
});

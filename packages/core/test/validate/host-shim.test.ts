import { describe, expect, it } from 'vitest';
import { validateNetworkCreate } from '../../src';
import { expectIssue, expectNoErrors, hostOf, requestOf } from './helpers';

// `-o host_shim`: true/false only, and refused where the shim cannot work.

const host = hostOf();
const shim = (options: Record<string, string>, more = {}) =>
  validateNetworkCreate(requestOf({ options: { parent: 'eth0', ...options }, ...more }), host);

describe('INVALID_HOST_SHIM', () => {
  // host_shim= (empty) is EMPTY_OPTION's alone: bad-input.test.ts.
  it.each(['yes', 'TRUE', '1'])('refuses host_shim=%j, naming the value', (value) => {
    expectIssue(
      shim({ host_shim: value }),
      'INVALID_HOST_SHIM',
      ['options', 'host_shim'],
      `"${value}"`,
    );
  });

  it('accepts true and false in every mode with the bridge flag', () => {
    for (const mode of ['l2', 'l3', 'l3s'])
      for (const value of ['true', 'false'])
        expectNoErrors(shim({ host_shim: value, ipvlan_mode: mode }));
  });
});

describe('HOST_SHIM_INTERNAL', () => {
  it('refuses a shim on an internal network, with or without a parent', () => {
    expectIssue(
      shim({ host_shim: 'true' }, { internal: true }),
      'HOST_SHIM_INTERNAL',
      ['options', 'host_shim'],
      '--internal',
    );
    const noParent = validateNetworkCreate(
      requestOf({ options: { host_shim: 'true' }, internal: true }),
      host,
    );
    expectIssue(noParent, 'HOST_SHIM_INTERNAL', ['options', 'host_shim'], '--internal');
  });

  it('lets host_shim=false through on an internal network', () => {
    expectNoErrors(shim({ host_shim: 'false' }, { internal: true }));
  });
});

describe('HOST_SHIM_PRIVATE', () => {
  it('refuses a shim with ipvlan_flag=private', () => {
    expectIssue(
      shim({ host_shim: 'true', ipvlan_flag: 'private' }),
      'HOST_SHIM_PRIVATE',
      ['options', 'host_shim'],
      'private',
    );
  });
});

describe('HOST_SHIM_CONFLICT', () => {
  it('refuses a shim when the host already has an address in the subnet, naming both', () => {
    const issues = validateNetworkCreate(
      requestOf({
        options: { parent: 'eth0', host_shim: 'true' },
        ipam: [{ subnet: '10.0.2.0/24' }],
      }),
      host,
    );
    const found = expectIssue(
      issues,
      'HOST_SHIM_CONFLICT',
      ['options', 'host_shim'],
      '10.0.2.15/24 on eth0',
    );
    expect(found.message).toContain('10.0.2.0/24');
  });

  it('does not count the shim itself as a conflict', () => {
    const withShim = hostOf({
      links: [{ name: 'ulh0000000', kind: 'ipvlan', parent: 'eth0' }],
      addresses: [{ dev: 'ulh0000000', address: '192.168.1.2/24' }],
    });
    const issues = validateNetworkCreate(
      requestOf({ options: { parent: 'eth0', host_shim: 'true' } }),
      {
        ...withShim,
        shims: [
          {
            networkId: 'x',
            parent: 'eth0',
            ifname: 'ulh0000000',
            ipv4Address: '192.168.1.2/24',
            created: 'now',
          },
        ],
      },
    );
    expect(issues.filter((i) => i.code === 'HOST_SHIM_CONFLICT')).toEqual([]);
  });
});

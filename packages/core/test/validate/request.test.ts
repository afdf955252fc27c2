import { describe, expect, it } from 'vitest';
import { DomainError, resolveNetworkCreate, validateNetworkCreate } from '../../src';
import { closest } from '../../src/validate/suggest';
import {
  expectIssue,
  expectNoErrors,
  expectNoIssue,
  hostOf,
  requestOf,
  withNetwork,
} from './helpers';

const host = hostOf();

describe('INVALID_INPUT', () => {
  it.each([
    [null, []],
    [{ options: {} }, ['name']],
    [{ name: 'x', ipam: 'x' }, ['ipam']],
    [{ name: 'x', ipam: [{ subnet: 1 }] }, ['ipam', 0, 'subnet']],
    [{ name: 'x', options: { parent: 5 } }, ['options', 'parent']],
    [{ name: 'x', surprise: true }, []],
  ])('refuses the shape %j with the zod path', (input, path) => {
    const issues = validateNetworkCreate(input, host);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((p) => p.code === 'INVALID_INPUT')).toBe(true);
    expect(issues.map((p) => p.path)).toContainEqual(path);
  });

  it('refuses a network with both families off', () => {
    expectIssue(
      validateNetworkCreate(requestOf({ ipv4: false, ipam: [] }), host),
      'INVALID_INPUT',
      ['ipv4'],
      'both disabled',
    );
  });

  it('resolve throws a DomainError carrying every issue', () => {
    const bad = requestOf({
      name: '-bad',
      driver: 'macvlan',
      options: { parent: 'eth0', ipvlan_mode: 'L3' },
    });
    const thrown = (() => {
      try {
        resolveNetworkCreate(bad, host, { id: 'a'.repeat(64), now: 'now' });
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(thrown).toBeInstanceOf(DomainError);
    expect((thrown as DomainError).issues.map((p) => p.code).sort()).toEqual([
      'INVALID_DRIVER',
      'INVALID_MODE',
      'INVALID_NETWORK_NAME',
    ]);
    expect((thrown as DomainError).message).toContain('macvlan');
  });
});

describe('INVALID_NETWORK_NAME', () => {
  it.each(['db_net', 'ipvlan20', 'v6ipvlan139', 'a', 'A.b-c_d', '9net', 'x'.repeat(64)])(
    'accepts %j',
    (name) => {
      expectNoIssue(validateNetworkCreate(requestOf({ name }), host), 'INVALID_NETWORK_NAME');
    },
  );

  it.each([
    ['', 'empty'],
    ['-net', '-net'],
    ['_net', '_net'],
    ['.net', '.net'],
    ['my net', 'my net'],
    ['net/1', 'net/1'],
    ['néť', 'néť'],
    ['x'.repeat(65), '65 characters'],
  ])('refuses %j', (name, mentions) => {
    expectIssue(
      validateNetworkCreate(requestOf({ name }), host),
      'INVALID_NETWORK_NAME',
      ['name'],
      mentions,
    );
  });
});

describe('NETWORK_EXISTS', () => {
  const taken = withNetwork(host, requestOf({ name: 'db_net' }));
  it('refuses a name in use on the host', () => {
    expectIssue(
      validateNetworkCreate(
        requestOf({ name: 'db_net', ipam: [{ subnet: '192.168.2.0/24' }] }),
        taken,
      ),
      'NETWORK_EXISTS',
      ['name'],
      'db_net',
    );
  });
  it('accepts another name (names are case-sensitive, as in Docker)', () => {
    expectNoErrors(
      validateNetworkCreate(
        requestOf({ name: 'DB_net', ipam: [{ subnet: '192.168.2.0/24' }] }),
        taken,
      ),
    );
  });
});

describe('INVALID_DRIVER', () => {
  it('accepts ipvlan, and a missing driver', () => {
    expect(validateNetworkCreate(requestOf({ driver: 'ipvlan' }), host)).toEqual([]);
    expect(validateNetworkCreate(requestOf(), host)).toEqual([]);
  });
  it.each(['macvlan', 'bridge', 'IPVLAN', ''])('refuses %j', (driver) => {
    expectIssue(
      validateNetworkCreate(requestOf({ driver }), host),
      'INVALID_DRIVER',
      ['driver'],
      `"${driver}"`,
    );
  });
});

describe('UNKNOWN_OPTION', () => {
  it('accepts the three known keys', () => {
    expect(
      validateNetworkCreate(
        requestOf({ options: { parent: 'eth0', ipvlan_mode: 'l2', ipvlan_flag: 'private' } }),
        host,
      ),
    ).toEqual([]);
  });

  it.each([
    ['ipvlan-mode', 'ipvlan_mode'],
    ['IPVLAN_MODE', 'ipvlan_mode'],
    ['ipvlan_mod', 'ipvlan_mode'],
    ['ipvlan-flag', 'ipvlan_flag'],
    ['parnet', 'parent'],
  ])('refuses the typo %j and suggests %j', (key, guess) => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0', [key]: 'l3' } }), host),
      'UNKNOWN_OPTION',
      ['options', key],
      key,
    );
    expect(problem.hint).toContain(`Did you mean "${guess}"`);
  });

  it.each([
    ['mtu', 'MTU of their parent'],
    ['com.docker.network.driver.mtu', 'MTU of their parent'],
    ['macvlan_mode', 'macvlan driver'],
    ['com.example.anything', 'parent, ipvlan_mode, ipvlan_flag'],
  ])('refuses %j, naming the known keys', (key, mentions) => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0', [key]: '9000' } }), host),
      'UNKNOWN_OPTION',
      ['options', key],
      key,
    );
    expect(problem.hint).toContain(mentions);
    expect(problem.hint).toContain('parent, ipvlan_mode, ipvlan_flag');
  });

  it('closest() suggests nothing for a distant word', () => {
    expect(closest('vlan', ['parent', 'ipvlan_mode', 'ipvlan_flag'])).toBeUndefined();
  });
});

describe('INVALID_MODE', () => {
  it.each(['l2', 'l3', 'l3s'])('accepts %j', (mode) => {
    expectNoIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0', ipvlan_mode: mode } }), host),
      'INVALID_MODE',
    );
  });
  it.each(['L2', 'L3S', 'l4', 'bridge'])(
    'refuses %j (case-sensitive), listing l2, l3, l3s',
    (mode) => {
      const problem = expectIssue(
        validateNetworkCreate(requestOf({ options: { parent: 'eth0', ipvlan_mode: mode } }), host),
        'INVALID_MODE',
        ['options', 'ipvlan_mode'],
        `"${mode}"`,
      );
      expect(problem.message).toContain('l2, l3, l3s');
      expect(problem.hint).toContain('The default is l2.');
    },
  );
  it('reads as the seed-style sentence', () => {
    const [problem] = validateNetworkCreate(
      requestOf({ options: { parent: 'eth0', ipvlan_mode: 'L2' } }),
      host,
    );
    expect(`${problem?.message} ${problem?.hint}`).toBe(
      'ipvlan_mode "L2" is not valid: use one of l2, l3, l3s (lower case). Write ipvlan_mode=l2. The default is l2.',
    );
  });
});

describe('INVALID_FLAG', () => {
  it.each(['bridge', 'private', 'vepa'])('accepts %j', (flag) => {
    expectNoIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0', ipvlan_flag: flag } }), host),
      'INVALID_FLAG',
    );
  });
  it.each(['Bridge', 'VEPA', 'passthru'])('refuses %j, listing bridge, private, vepa', (flag) => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0', ipvlan_flag: flag } }), host),
      'INVALID_FLAG',
      ['options', 'ipvlan_flag'],
      `"${flag}"`,
    );
    expect(problem.message).toContain('bridge, private, vepa');
    expect(problem.hint).toContain('The default is bridge.');
  });
  // The kernel documents the flags as valid in every mode; Docker does not check the pair either.
  it.each(['l3', 'l3s'])('accepts a flag with %s', (mode) => {
    expect(
      validateNetworkCreate(
        requestOf({ options: { parent: 'eth0', ipvlan_mode: mode, ipvlan_flag: 'vepa' } }),
        host,
      ),
    ).toEqual([]);
  });
});

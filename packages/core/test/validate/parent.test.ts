import { describe, expect, it } from 'vitest';
import { dummyParentName, resolveNetworkCreate, validateNetworkCreate } from '../../src';
import {
  expectIssue,
  expectNoErrors,
  expectNoIssue,
  hostOf,
  requestOf,
  withNetwork,
} from './helpers';

const path = ['options', 'parent'];
const host = hostOf();
const ctx = {
  id: '5b2f1c9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c',
  now: '2026-01-01T00:00:00.000Z',
};
const resolve = (options: Record<string, string>, extra: object = {}) =>
  resolveNetworkCreate(requestOf({ options, ...extra }), host, ctx).network;

describe('parent resolution', () => {
  it('an existing NIC is used as it is', () => {
    expect(resolve({ parent: 'eth0' })).toMatchObject({
      parent: 'eth0',
      parentKind: 'existing',
      internal: false,
    });
    expect(resolve({ parent: 'eth0' }).vlanId).toBeUndefined();
  });
  it('a missing NAME.VID becomes a VLAN parent to create', () => {
    expect(resolve({ parent: 'eth0.10' })).toMatchObject({
      parent: 'eth0.10',
      parentKind: 'vlan',
      vlanId: 10,
    });
  });
  it('an existing NAME.VID vlan link is adopted with its VLAN id', () => {
    expect(resolve({ parent: 'eth0.50' })).toMatchObject({
      parent: 'eth0.50',
      parentKind: 'vlan',
      vlanId: 50,
    });
  });
  it('a VLAN link named otherwise (ip link add link eth0 name foo type vlan id 40) is an existing parent with its VLAN id', () => {
    expect(resolve({ parent: 'foo' })).toMatchObject({
      parent: 'foo',
      parentKind: 'existing',
      vlanId: 40,
    });
  });
  it.each([[{}]])(
    'no parent (%j) gives the dummy di-<id12> and leaves internal off (the dummy isolates)',
    (options) => {
      const network = resolve(options);
      expect(network).toMatchObject({
        parent: 'di-5b2f1c9e8d7a',
        parentKind: 'dummy',
        internal: false,
      });
      expect(network.parent).toHaveLength(15);
      expect(dummyParentName(ctx.id)).toBe('di-5b2f1c9e8d7a');
    },
  );
  it('--internal without a parent gives the dummy too', () => {
    expect(resolve({}, { internal: true })).toMatchObject({ parentKind: 'dummy', internal: true });
  });
  it('--internal with a parent keeps that parent (Docker since 2020, our decision table)', () => {
    expect(resolve({ parent: 'eth0.30' }, { internal: true })).toMatchObject({
      parent: 'eth0.30',
      parentKind: 'vlan',
      vlanId: 30,
      internal: true,
    });
  });
  it('keeps the -o options exactly as passed (inspect shows only those)', () => {
    expect(resolve({ parent: 'eth0' }).options).toEqual({ parent: 'eth0' });
  });
});

describe('PARENT_NOT_FOUND', () => {
  it.each(['en0', 'eth9', 'vmenet3', 'eth0.10.20', 'br.lan'])(
    'refuses the missing %j, listing the host links',
    (parent) => {
      const problem = expectIssue(
        validateNetworkCreate(requestOf({ options: { parent } }), host),
        'PARENT_NOT_FOUND',
        path,
        `"${parent}"`,
      );
      expect(problem.message).toContain('host-a');
      expect(problem.hint).toContain('eth0, eth1');
      expect(problem.hint).not.toContain('mv0');
      expect(problem.hint).toContain('created automatically');
    },
  );
  it('explains that names with two dots are not created', () => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0.10.20' } }), host),
      'PARENT_NOT_FOUND',
      path,
      'eth0.10.20',
    );
    expect(problem.hint).toContain('one dot');
  });
  it('accepts an existing link whatever its name, two dots included', () => {
    const withQinq = hostOf({
      links: [{ name: 'eth0.10.20', kind: 'vlan', parent: 'eth0.10', vlanId: 20 }],
    });
    expect(
      validateNetworkCreate(requestOf({ options: { parent: 'eth0.10.20' } }), withQinq),
    ).toEqual([]);
  });
});

describe('PARENT_BASE_NOT_FOUND', () => {
  it('refuses NAME.VID when NAME does not exist, naming both', () => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth9.10' } }), host),
      'PARENT_BASE_NOT_FOUND',
      path,
      '"eth9"',
    );
    expect(problem.message).toContain('eth9.10');
    expect(problem.hint).toContain('eth0.10');
  });
  it('accepts NAME.VID on an existing NAME', () => {
    expectNoIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth1.10' } }), host),
      'PARENT_BASE_NOT_FOUND',
    );
  });
});

describe('PARENT_DOWN', () => {
  it.each([
    ['eth2', 'parent "eth2" is down'],
    ['eth0.60', 'parent "eth0.60" is down'],
    ['eth2.10', '"eth2", the link under VLAN parent "eth2.10", is down'],
  ])('refuses %j', (parent, mentions) => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent } }), host),
      'PARENT_DOWN',
      path,
      mentions,
    );
    expect(problem.hint).toContain('ip link set eth');
  });
  it('accepts an up parent', () => {
    expectNoIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth1' } }), host),
      'PARENT_DOWN',
    );
  });
});

describe('PARENT_BUSY', () => {
  it('refuses a parent that carries macvlan links, naming them', () => {
    const problem = expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth3' } }), host),
      'PARENT_BUSY',
      path,
      'mv0',
    );
    expect(problem.message).toContain('"eth3"');
  });
  it('accepts a VLAN sub-interface of that parent instead', () => {
    expectNoErrors(validateNetworkCreate(requestOf({ options: { parent: 'eth3.10' } }), host));
  });
});

describe('PARENT_MODE_CONFLICT', () => {
  const shared = withNetwork(
    host,
    requestOf({
      name: 'first',
      options: { parent: 'eth1', ipvlan_mode: 'l3' },
      ipam: [{ subnet: '10.10.0.0/24' }],
    }),
  );
  const second = (options: Record<string, string>) =>
    validateNetworkCreate(
      requestOf({
        name: 'second',
        ipam: [{ subnet: '10.20.0.0/24' }],
        options: { parent: 'eth1', ...options },
      }),
      shared,
    );

  it('accepts a second network on the parent with the same mode and flag', () => {
    expect(second({ ipvlan_mode: 'l3' })).toEqual([]);
  });
  it.each([
    [{ ipvlan_mode: 'l2' }, 'l2/bridge'],
    [{ ipvlan_mode: 'l3s' }, 'l3s/bridge'],
    [{ ipvlan_mode: 'l3', ipvlan_flag: 'private' }, 'l3/private'],
  ])('refuses %j, naming the network that holds the parent', (options, asked) => {
    const problem = expectIssue(
      second(options),
      'PARENT_MODE_CONFLICT',
      path,
      'network "first" (l3/bridge)',
    );
    expect(problem.message).toContain(asked);
  });
  it('refuses a parent carrying foreign ipvlan links of another mode', () => {
    expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'eth4' } }), host),
      'PARENT_MODE_CONFLICT',
      path,
      'shim0 (l3/bridge)',
    );
  });
  it('accepts foreign ipvlan links of the same mode and flag', () => {
    expect(
      validateNetworkCreate(requestOf({ options: { parent: 'eth4', ipvlan_mode: 'l3' } }), host),
    ).toEqual([]);
  });
  it('does not apply to networks on other parents', () => {
    expect(
      validateNetworkCreate(
        requestOf({
          name: 'second',
          ipam: [{ subnet: '10.20.0.0/24' }],
          options: { parent: 'eth0' },
        }),
        shared,
      ),
    ).toEqual([]);
  });
});

describe('PARENT_MODE_CONFLICT is not guessed from a refused mode', () => {
  it('reports only INVALID_MODE when the mode is mistyped on a shared parent', () => {
    const shared = withNetwork(
      host,
      requestOf({
        name: 'first',
        options: { parent: 'eth1', ipvlan_mode: 'l3' },
        ipam: [{ subnet: '10.10.0.0/24' }],
      }),
    );
    const issues = validateNetworkCreate(
      requestOf({
        name: 'second',
        ipam: [{ subnet: '10.20.0.0/24' }],
        options: { parent: 'eth1', ipvlan_mode: 'L3' },
      }),
      shared,
    );
    expect(issues.map((p) => p.code)).toEqual(['INVALID_MODE']);
  });
});

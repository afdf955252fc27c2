import { describe, expect, it } from 'vitest';
import {
  loopbackIssues,
  parseVlanParent,
  utf8Length,
  validateIfname,
  validateNetworkCreate,
  vlanParentIssues,
} from '../../src';
import { expectIssue, expectNoIssue, hostOf, requestOf } from './helpers';

const path = ['options', 'parent'];

describe('INVALID_IFNAME', () => {
  it.each(['eth0', 'eth0.10', 'a', 'enp0s31f6.4094', 'x'.repeat(15), 'ü'.repeat(7), 'bond0-lan_1'])(
    'accepts %j',
    (name) => {
      expect(validateIfname(name, path)).toEqual([]);
    },
  );

  it.each([
    ['', 'empty'],
    ['.', '"."'],
    ['..', '".."'],
    ['eth/0', 'eth/0'],
    ['eth:0', 'eth:0'],
    ['eth 0', 'eth 0'],
    ['eth\t0', 'whitespace'],
    ['x'.repeat(16), 'x'.repeat(16)],
    ['enx00e04c680001.10', 'enx00e04c680001.10'],
    ['ü'.repeat(8), '16 bytes'],
  ])('refuses %j', (name, mentions) => {
    const [problem] = validateIfname(name, path);
    expect(problem?.code).toBe('INVALID_IFNAME');
    expect(problem?.path).toEqual(path);
    expect(`${problem?.message}`).toContain(mentions);
    expect(problem?.hint).toContain('15 bytes');
  });

  it('counts UTF-8 bytes, as the kernel does', () => {
    expect(utf8Length('eth0')).toBe(4);
    expect(utf8Length('ü')).toBe(2);
    expect(utf8Length('€')).toBe(3);
    expect(utf8Length('😀')).toBe(4);
  });

  it('is reported for a network parent before anything else about it', () => {
    const issues = validateNetworkCreate(
      requestOf({ options: { parent: 'averyveryverylongnic.10' } }),
      hostOf(),
    );
    expectIssue(issues, 'INVALID_IFNAME', path, 'averyveryverylongnic.10');
    expectNoIssue(issues, 'PARENT_NOT_FOUND');
  });
});

describe('parseVlanParent (NAME.VID)', () => {
  it.each([
    ['eth0.10', { base: 'eth0', vid: 10 }],
    ['bond0.4094', { base: 'bond0', vid: 4094 }],
    ['eth0.010', { base: 'eth0', vid: 10 }],
    ['eth0.0', { base: 'eth0', vid: 0 }],
    ['eth0.-5', { base: 'eth0', vid: -5 }],
    ['lo.10', { base: 'lo', vid: 10 }],
  ])('parses %j', (name, expected) => {
    expect(parseVlanParent(name)).toMatchObject(expected);
  });

  // More than one dot is not the NAME.VID form (Docker's rule); nor is a non-integer suffix.
  it.each(['eth0', 'eth0.10.20', 'eth0.abc', 'eth0.', '.10', 'br.lan', 'eth0.1e3'])(
    'does not parse %j',
    (name) => {
      expect(parseVlanParent(name)).toBeNull();
    },
  );
});

describe('INVALID_VLAN_ID', () => {
  it.each(['eth0.1', 'eth0.4094', 'eth0.100'])('accepts %j', (name) => {
    const vlan = parseVlanParent(name);
    expect(vlan && vlanParentIssues(vlan, path)).toEqual([]);
  });

  it.each([
    ['eth0.0', 'outside 1–4094'],
    ['eth0.4095', 'outside 1–4094'],
    ['eth0.99999', 'outside 1–4094'],
    ['eth0.-5', 'outside 1–4094'],
    ['eth0.010', 'leading zeros'],
  ])('refuses %j', (name, mentions) => {
    const vlan = parseVlanParent(name);
    const [problem] = vlan ? vlanParentIssues(vlan, path) : [];
    expect(problem?.code).toBe('INVALID_VLAN_ID');
    expect(problem?.message).toContain(name);
    expect(problem?.message).toContain(mentions);
  });

  it('suggests the name without leading zeros', () => {
    const issues = validateNetworkCreate(requestOf({ options: { parent: 'eth0.010' } }), hostOf());
    expect(expectIssue(issues, 'INVALID_VLAN_ID', path, 'eth0.010').hint).toContain('eth0.10');
  });

  it('is not raised for an existing link of that name: it is used as it is', () => {
    const host = hostOf({
      links: [{ name: 'eth0.010', kind: 'vlan', parent: 'eth0', vlanId: 10 }],
    });
    expect(validateNetworkCreate(requestOf({ options: { parent: 'eth0.010' } }), host)).toEqual([]);
  });

  it('refuses a second name for a VLAN id the base already carries', () => {
    const issues = validateNetworkCreate(requestOf({ options: { parent: 'eth0.40' } }), hostOf());
    expect(expectIssue(issues, 'INVALID_VLAN_ID', path, 'foo').hint).toContain('parent=foo');
  });
});

describe('PARENT_LOOPBACK', () => {
  it('refuses exactly "lo"', () => {
    expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'lo' } }), hostOf()),
      'PARENT_LOOPBACK',
      path,
      '"lo"',
    );
  });

  it.each(['lo0', 'loop', 'eth0'])('does not refuse %j as loopback', (name) => {
    expect(loopbackIssues(name, path)).toEqual([]);
  });

  // Docker lets lo.10 through to VLAN creation, where the kernel refuses a VLAN on loopback.
  it('refuses a VLAN on lo up front', () => {
    expectIssue(
      validateNetworkCreate(requestOf({ options: { parent: 'lo.10' } }), hostOf()),
      'PARENT_LOOPBACK',
      path,
      '"lo"',
    );
  });
});

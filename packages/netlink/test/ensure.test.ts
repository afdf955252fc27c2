import { describe, expect, it } from 'vitest';
import { linkMismatch } from '../src/ensure.js';
import type { Link } from '../src/index.js';

const link = (over: Partial<Link>): Link => ({
  index: 5,
  name: 'c0',
  kind: 'ipvlan',
  parent: 'eth0.10',
  parentIndex: 4,
  ipvlanMode: 'l2',
  ipvlanFlag: 'bridge',
  mtu: 1500,
  up: true,
  operState: 'UP',
  mac: '02:00:00:00:01:01',
  ...over,
});

describe('linkMismatch (what ensureLink compares)', () => {
  const spec = { kind: 'ipvlan', name: 'c0', link: 'eth0.10', mode: 'l2', flag: 'bridge' } as const;
  it('is empty when the link is what the spec asks for', () =>
    expect(linkMismatch(spec, link({}))).toBe(''));
  it.each([
    [link({ kind: 'macvlan' }), 'is a macvlan link, not ipvlan'],
    [link({ parent: 'eth0.20' }), 'hangs off eth0.20, not eth0.10'],
    [link({ parent: null }), 'hangs off another namespace, not eth0.10'],
    [link({ ipvlanMode: 'l3' }), 'is ipvlan l3 bridge, not l2 bridge'],
    [link({ ipvlanFlag: 'private' }), 'is ipvlan l2 private, not l2 bridge'],
  ])('says what differs: %#', (actual, why) => expect(linkMismatch(spec, actual)).toBe(why));
  it('compares VLAN ids', () => {
    expect(
      linkMismatch(
        { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 },
        link({ kind: 'vlan', parent: 'eth0', vlanId: 11 }),
      ),
    ).toBe('has VLAN id 11, not 10');
  });
});

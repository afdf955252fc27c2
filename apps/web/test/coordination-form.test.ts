import { coordinateRanges } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fieldKey, toRequest } from '../src/lib/network-form';

// The create form's coordinated addressing: what the preview shows per host,
// and core's refusals landing next to the input the user must change.

const seedForm = {
  ...EMPTY_FORM,
  name: 'vlan10',
  hostIds: ['a', 'b'],
  parent: 'eth0.10',
  subnet: '172.16.80.0/24',
  gateway: '172.16.80.1',
};

describe('coordinated addressing in the create form', () => {
  it('is on by default and gives the seed VLAN on two hosts a /26 each', () => {
    expect(EMPTY_FORM.coordinate).toBe(true);
    const c = coordinateRanges({ request: toRequest(seedForm), hosts: ['host-a', 'host-b'] });
    expect(c.ranges.map((r) => `${r.host} ${r.ipRange}`)).toEqual([
      'host-a 172.16.80.0/26',
      'host-b 172.16.80.64/26',
    ]);
  });

  it('puts a too-small subnet on the Subnet input, an IPv6 one on the IPv6 subnet input, a too-small range on IP range', () => {
    const small = { ...seedForm, subnet: '10.9.0.0/30', gateway: '' };
    const [v4] = coordinateRanges({ request: toRequest(small), hosts: ['a', 'b', 'c'] }).issues;
    expect(v4 && fieldKey(v4.path, small)).toBe('subnet');
    const ranged = { ...seedForm, ipRange: '172.16.80.4/31' };
    const [range] = coordinateRanges({ request: toRequest(ranged), hosts: ['a', 'b'] }).issues;
    expect(range && fieldKey(range.path, ranged)).toBe('ipRange');
    const v6 = { ...seedForm, ipv6: true, subnet6: '2001:db8::/127' };
    const [six] = coordinateRanges({ request: toRequest(v6), hosts: ['a', 'b'] }).issues;
    expect(six && fieldKey(six.path, v6)).toBe('subnet6');
    expect(fieldKey(['ipam', 1, 'ipRange'], v6)).toBe('subnet6');
  });
});

import { leaseCapacity } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { EMPTY_FORM, fieldKey, toRequest } from '../src/lib/network-form';

// The create form's coordinated addressing on fleet leases: a subnet with
// fewer blocks than hosts is refused next to the input the user must change.

const seedForm = {
  ...EMPTY_FORM,
  name: 'vlan10',
  hostIds: ['a', 'b'],
  parent: 'eth0.10',
  subnet: '172.16.80.0/24',
  gateway: '172.16.80.1',
};

describe('coordinated addressing in the create form', () => {
  it('is on by default and sends the seed VLAN on two hosts as it is: the whole subnet, no ip-range', () => {
    expect(EMPTY_FORM.coordinate).toBe(true);
    expect(leaseCapacity(toRequest(seedForm), 2)).toEqual([]);
    expect(toRequest(seedForm).ipam?.[0]).not.toHaveProperty('ipRange');
  });

  it('puts a too-small subnet on the Subnet input and an IPv6 one on the IPv6 subnet input', () => {
    const small = { ...seedForm, subnet: '10.9.0.0/30', gateway: '' };
    const [v4] = leaseCapacity(toRequest(small), 3);
    expect(v4 && fieldKey(v4.path, small)).toBe('subnet');
    const v6 = { ...seedForm, ipv6: true, subnet6: '2001:db8::/127' };
    const [six] = leaseCapacity(toRequest(v6), 2);
    expect(six && fieldKey(six.path, v6)).toBe('subnet6');
  });
});

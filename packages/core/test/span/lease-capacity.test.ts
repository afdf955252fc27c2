import { describe, expect, it } from 'vitest';
import { leaseCapacity, SEGMENT_LABEL, withSharedSegment } from '../../src';

const seed = {
  name: 'vlan10',
  options: { parent: 'eth0.10' },
  ipam: [{ subnet: '172.16.80.0/24' }],
};

describe('SUBNET_TOO_SMALL (leaseCapacity)', () => {
  it('passes a /24 on two hosts (16 blocks of /28) and a single host with any subnet', () => {
    expect(leaseCapacity(seed, 2)).toEqual([]);
    expect(leaseCapacity({ ...seed, ipam: [{ subnet: '10.0.0.0/30' }] }, 1)).toEqual([]);
  });

  it('refuses a /30 on two hosts at its subnet: one block, naming both fixes', () => {
    const [issue] = leaseCapacity({ ...seed, ipam: [{ subnet: '172.16.60.0/30' }] }, 2);
    expect(issue?.code).toBe('SUBNET_TOO_SMALL');
    expect(issue?.path).toEqual(['ipam', 0, 'subnet']);
    expect(issue?.message).toContain(
      '172.16.60.0/30 is too small to give each of 2 hosts its own address block: it holds 1 block of /30',
    );
    expect(issue?.hint).toContain('a bigger subnet (a /27 or larger)');
    expect(issue?.hint).toContain('turn off coordinated addressing');
  });

  it('counts /28 blocks: a /27 holds two hosts, not three; IPv6 counts /124 blocks', () => {
    const v4 = { ...seed, ipam: [{ subnet: '10.0.0.0/27' }] };
    expect(leaseCapacity(v4, 2)).toEqual([]);
    expect(leaseCapacity(v4, 3)[0]?.message).toContain('holds 2 blocks of /28');
    const v6 = { ...seed, ipam: [{ subnet: '10.0.0.0/24' }, { subnet: '2001:db8::/123' }] };
    expect(leaseCapacity(v6, 3).map((i) => i.path)).toEqual([['ipam', 1, 'subnet']]);
  });

  it('leaves a subnet that does not parse to validate()', () => {
    expect(leaseCapacity({ ...seed, ipam: [{ subnet: '172.16.300.0/24' }] }, 2)).toEqual([]);
  });
});

describe('withSharedSegment', () => {
  it('labels a plain parent with the network name, and leaves VLAN, internal and labelled networks alone', () => {
    const plain = { ...seed, options: { parent: 'eth0' } };
    expect(withSharedSegment(plain).labels).toEqual({ [SEGMENT_LABEL]: 'vlan10' });
    expect(withSharedSegment(seed)).toBe(seed);
    expect(withSharedSegment({ ...plain, internal: true }).labels).toBeUndefined();
    const labelled = { ...plain, labels: { [SEGMENT_LABEL]: 'rack1' } };
    expect(withSharedSegment(labelled)).toBe(labelled);
    expect(withSharedSegment({ ...seed, options: {} }).labels).toBeUndefined();
  });
});

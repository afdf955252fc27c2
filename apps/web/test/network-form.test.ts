import { validateNetworkCreate, type Network } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { formatOp } from '../src/lib/format-op';
import { linksRemovedWith, matchesFilter, EMPTY_FILTER } from '../src/lib/network-filter';
import { EMPTY_FORM, fieldKey, snapshotOf, toRequest } from '../src/lib/network-form';

const seedForm = {
  ...EMPTY_FORM,
  name: 'vlan10',
  hostIds: ['a'],
  parent: 'eth0.10',
  subnet: '172.16.80.0/24',
  gateway: '172.16.80.1',
};
const host = {
  name: 'host-1',
  interfaces: [{ name: 'eth0', kind: 'device', up: true, mtu: 1500, parent: null }],
};

describe('network create form', () => {
  it('sends only what the user set, so the agent applies its defaults', () => {
    expect(toRequest(seedForm)).toEqual({
      name: 'vlan10',
      options: { parent: 'eth0.10' },
      internal: false,
      ipv6: false,
      ipam: [{ subnet: '172.16.80.0/24', gateway: '172.16.80.1' }],
    });
    expect(
      toRequest({ ...EMPTY_FORM, name: ' n ', mode: 'l3', ipv6: true, subnet6: 'fd00::/64' }),
    ).toEqual({
      name: 'n',
      options: { ipvlan_mode: 'l3' },
      internal: false,
      ipv6: true,
      ipam: [{ subnet: 'fd00::/64' }],
    });
  });

  it("puts core's issues next to the right input", () => {
    const bad = { ...seedForm, subnet: '172.16.80.0/33' };
    const issues = validateNetworkCreate(toRequest(bad), snapshotOf(host, []));
    const keys = issues.filter((i) => i.severity === 'error').map((i) => fieldKey(i.path, bad));
    expect(keys).toContain('subnet');
    expect(fieldKey(['options', 'parent'], seedForm)).toBe('parent');
    expect(fieldKey(['ipam', 1, 'subnet'], { ...seedForm, subnet6: 'fd00::/64' })).toBe('subnet6');
    expect(fieldKey(['ipam', 0, 'gateway'], { ...EMPTY_FORM, subnet6: 'fd00::/64' })).toBe(
      'gateway6',
    );
    expect(fieldKey([], seedForm)).toBe('form');
  });

  it('validates the seed request cleanly against a host with eth0, and refuses a missing base link', () => {
    expect(
      validateNetworkCreate(toRequest(seedForm), snapshotOf(host, [])).filter(
        (i) => i.severity === 'error',
      ),
    ).toEqual([]);
    const noEth0 = snapshotOf({ name: 'h', interfaces: [] }, []);
    const errors = validateNetworkCreate(toRequest(seedForm), noEth0).filter(
      (i) => i.severity === 'error',
    );
    expect(errors.map((e) => fieldKey(e.path, seedForm))).toContain('parent');
  });

  it('prints plan ops as the ip commands they stand for', () => {
    expect(
      formatOp({ op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } }),
    ).toBe('ip link add link eth0 name eth0.10 type vlan id 10');
    expect(formatOp({ op: 'linkSetUp', name: 'eth0.10' })).toBe('ip link set eth0.10 up');
    expect(
      formatOp({
        op: 'routeReplace',
        netns: 'c1',
        family: 4,
        dst: 'default',
        via: '172.16.80.1',
        dev: 'eth0',
      }),
    ).toBe('ip -4 -n c1 route replace default via 172.16.80.1 dev eth0');
    expect(formatOp({ op: 'linkAdd', spec: { kind: 'dummy', name: 'di-abc' } })).toBe(
      'ip link add di-abc type dummy',
    );
  });
});

const net = (over: Partial<Network>): Network => ({
  id: 'n1',
  name: 'vlan10',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
  labels: {},
  options: {},
  created: '',
  status: 'ok',
  ...over,
});

describe('network list filters and remove confirmation', () => {
  it('filters by host, VLAN, subnet and mode', () => {
    const n = net({});
    expect(matchesFilter(EMPTY_FILTER, 'h1', n)).toBe(true);
    expect(matchesFilter({ ...EMPTY_FILTER, hostId: 'h2' }, 'h1', n)).toBe(false);
    expect(matchesFilter({ ...EMPTY_FILTER, vlan: '10' }, 'h1', n)).toBe(true);
    expect(matchesFilter({ ...EMPTY_FILTER, vlan: '1' }, 'h1', n)).toBe(false);
    expect(matchesFilter({ ...EMPTY_FILTER, subnet: '172.16.80' }, 'h1', n)).toBe(true);
    expect(matchesFilter({ ...EMPTY_FILTER, subnet: '10.0' }, 'h1', n)).toBe(false);
    expect(matchesFilter({ ...EMPTY_FILTER, mode: 'l3' }, 'h1', n)).toBe(false);
  });

  it('names the links a remove deletes: an owned parent no other network uses', () => {
    const a = net({});
    expect(linksRemovedWith(a, [a])).toEqual(['eth0.10']);
    expect(linksRemovedWith(a, [a, net({ id: 'n2', name: 'other' })])).toEqual([]);
    expect(linksRemovedWith(net({ parent: 'eth0', parentKind: 'existing' }), [])).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { diffDrift, planRepair, planShimAdd, planShimRemove, shimNameOf, shimOf } from '../../src';
import { networkOf, snapshotOf } from './fixtures';

// Golden plans of the host shim, and its drift and repair.

const v10 = networkOf({
  id: 'n10',
  name: 'v10',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  options: { parent: 'eth0.10', host_shim: 'true' },
  subnets: [
    {
      family: 4,
      subnet: '172.16.80.0/24',
      gateway: '172.16.80.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
});
const links = [
  { name: 'eth0', kind: 'device' },
  { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
];
const name = shimNameOf('eth0.10');
const shim = shimOf(v10, { ipv4Address: '172.16.80.2/24' }, 'now');

describe('shimNameOf', () => {
  it('is ulh and 7 hex digits, stable, and differs between parents', () => {
    expect(name).toMatch(/^ulh[0-9a-f]{7}$/);
    expect(shimNameOf('eth0.10')).toBe(name);
    expect(shimNameOf('eth0.20')).not.toBe(name);
  });
});

describe('planShimAdd', () => {
  it('makes the link in the network mode, brings it up and assigns the address with its prefix', () => {
    const plan = planShimAdd({ network: v10, snapshot: snapshotOf({ links }), shim });
    expect(plan.steps.map((s) => s.op)).toEqual([
      {
        op: 'linkAdd',
        spec: { kind: 'ipvlan', name, link: 'eth0.10', mode: 'l2', flag: 'bridge' },
      },
      { op: 'linkSetUp', name },
      { op: 'addrAdd', dev: name, address: '172.16.80.2/24' },
    ]);
  });

  it('only adds the address when the parent already has a shim, and routes a subnet without a shim address', () => {
    const two = {
      ...v10,
      subnets: [
        ...v10.subnets,
        { family: 4 as const, subnet: '172.16.81.0/24', auxAddresses: {}, fromDefaultPool: false },
      ],
    };
    const plan = planShimAdd({
      network: two,
      snapshot: snapshotOf({ links: [...links, { name, kind: 'ipvlan', parent: 'eth0.10' }] }),
      shim,
    });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'addrAdd', dev: name, address: '172.16.80.2/24' },
      { op: 'routeReplace', family: 4, dst: '172.16.81.0/24', dev: name },
    ]);
  });
});

describe('planShimRemove', () => {
  const other = { ...shim, networkId: 'n11', ipv4Address: '172.16.90.2/24' };
  const host = (shims = [shim]) =>
    snapshotOf({
      links: [...links, { name, kind: 'ipvlan', parent: 'eth0.10' }],
      networks: [v10],
      shims,
      addresses: shims.map((s) => ({ dev: name, address: s.ipv4Address! })),
    });

  it('deletes the link with the last network that wants it', () => {
    expect(planShimRemove({ network: v10, snapshot: host() }).steps.map((s) => s.op)).toEqual([
      { op: 'addrDel', dev: name, address: '172.16.80.2/24' },
      { op: 'linkSetDown', name },
      { op: 'linkDel', name },
    ]);
  });

  it('keeps the link while another network holds a share of it', () => {
    expect(
      planShimRemove({ network: v10, snapshot: host([shim, other]) }).steps.map((s) => s.op),
    ).toEqual([{ op: 'addrDel', dev: name, address: '172.16.80.2/24' }]);
  });

  it('is empty for a network without a shim', () => {
    expect(planShimRemove({ network: v10, snapshot: host([]) }).steps).toEqual([]);
  });
});

describe('shim drift and repair', () => {
  const base = { networks: [v10], endpoints: [], containerSnapshots: [] };

  it('reports a missing shim and makes it again with its address', () => {
    const snapshot = snapshotOf({ links, networks: [v10], shims: [shim] });
    const drift = diffDrift({ ...base, snapshot });
    expect(drift).toEqual([
      expect.objectContaining({ kind: 'shim-missing', network: 'n10', link: name }),
    ]);
    const plan = planRepair({ drift, networks: [v10], endpoints: [], snapshot });
    expect(plan.steps.map((s) => s.op.op)).toEqual(['linkAdd', 'linkSetUp', 'addrAdd']);
  });

  it('reports a missing address on a present shim and puts it back', () => {
    const snapshot = snapshotOf({
      links: [...links, { name, kind: 'ipvlan', parent: 'eth0.10' }],
      networks: [v10],
      shims: [shim],
    });
    const drift = diffDrift({ ...base, snapshot });
    expect(drift).toEqual([
      expect.objectContaining({ kind: 'shim-address-missing', address: '172.16.80.2/24' }),
    ]);
    const plan = planRepair({ drift, networks: [v10], endpoints: [], snapshot });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'addrAdd', dev: name, address: '172.16.80.2/24' },
    ]);
  });

  it('reports nothing when the shim and its address are there', () => {
    const snapshot = snapshotOf({
      links: [...links, { name, kind: 'ipvlan', parent: 'eth0.10' }],
      networks: [v10],
      shims: [shim],
      addresses: [{ dev: name, address: '172.16.80.2/24' }],
    });
    expect(diffDrift({ ...base, snapshot })).toEqual([]);
  });

  it('waits for a missing parent before making the shim again', () => {
    const snapshot = snapshotOf({
      links: [links[0]!],
      networks: [{ ...v10, parentKind: 'existing' }],
      shims: [shim],
    });
    const drift = diffDrift({ ...base, networks: snapshot.networks, snapshot });
    const plan = planRepair({ drift, networks: snapshot.networks, endpoints: [], snapshot });
    expect(plan.steps).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { DomainError, linksCreatedBy, planNetworkCreate } from '../../src';
import { networkOf, snapshotOf, vlan10 } from './fixtures';

describe('planNetworkCreate', () => {
  it('VLAN 10 on eth0 without eth0.10: creates the 802.1Q link and brings it up', () => {
    const plan = planNetworkCreate({ network: vlan10, snapshot: snapshotOf() });
    expect(plan.steps).toEqual([
      {
        op: { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } },
        inverse: { op: 'linkDel', name: 'eth0.10' },
        why: 'create 802.1Q VLAN 10 sub-interface on eth0 eth0.10: parent of network ipvlan10, missing on this host',
      },
      {
        op: { op: 'linkSetUp', name: 'eth0.10' },
        inverse: { op: 'linkSetDown', name: 'eth0.10' },
        why: 'bring eth0.10 up so ipvlan links on it pass traffic',
      },
    ]);
    expect(plan.warnings).toEqual([]);
    expect(linksCreatedBy(plan)).toEqual(['eth0.10']);
  });

  it('check: eth0.10 already there (made by anyone) gives an empty plan and nothing owned', () => {
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
      ],
    });
    const plan = planNetworkCreate({ network: vlan10, snapshot });
    expect(plan).toEqual({ steps: [], warnings: [] });
    expect(linksCreatedBy(plan)).toEqual([]);
  });

  it('no parent: a dummy parent, up', () => {
    const network = networkOf({
      id: '0123456789abcdef',
      name: 'isolated',
      parent: 'di-0123456789ab',
      parentKind: 'dummy',
      internal: true,
    });
    expect(
      planNetworkCreate({ network, snapshot: snapshotOf() }).steps.map((s) => [s.op, s.inverse]),
    ).toEqual([
      [
        { op: 'linkAdd', spec: { kind: 'dummy', name: 'di-0123456789ab' } },
        { op: 'linkDel', name: 'di-0123456789ab' },
      ],
      [
        { op: 'linkSetUp', name: 'di-0123456789ab' },
        { op: 'linkSetDown', name: 'di-0123456789ab' },
      ],
    ]);
  });

  it('an existing plain parent (even one that validation would refuse as down) is never touched', () => {
    const snapshot = snapshotOf({ links: [{ name: 'eth0', kind: 'device', up: false }] });
    expect(
      planNetworkCreate({ network: networkOf({ id: 'x', name: 'flat' }), snapshot }).steps,
    ).toEqual([]);
  });

  it('a VLAN parent whose lower link is missing is refused with PARENT_BASE_NOT_FOUND on options.parent', () => {
    const network = networkOf({
      id: 'x',
      name: 'v',
      parent: 'eth9.10',
      parentKind: 'vlan',
      vlanId: 10,
    });
    const error = (() => {
      try {
        planNetworkCreate({ network, snapshot: snapshotOf() });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'PARENT_BASE_NOT_FOUND', path: ['options', 'parent'] });
  });

  it('a lower link with dots keeps them: bond0.1.20 is VLAN 20 on bond0.1', () => {
    const network = networkOf({
      id: 'x',
      name: 'v',
      parent: 'bond0.1.20',
      parentKind: 'vlan',
      vlanId: 20,
    });
    const snapshot = snapshotOf({
      links: [{ name: 'bond0.1', kind: 'vlan', parent: 'bond0', vlanId: 1 }],
    });
    expect(planNetworkCreate({ network, snapshot }).steps[0]?.op).toEqual({
      op: 'linkAdd',
      spec: { kind: 'vlan', name: 'bond0.1.20', link: 'bond0.1', id: 20 },
    });
  });
});

import { describe, expect, it } from 'vitest';
import { linksRemovedBy, planNetworkRemove } from '../../src';
import { endpointOf, networkOf, snapshotOf, vlan10 } from './fixtures';

const vlanLink = { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10, up: true };
const other = networkOf({
  id: 'b2b2b2b2b2b2',
  name: 'ipvlan10b',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
});
const withLinks = { links: [{ name: 'eth0', kind: 'device' }, vlanLink] };

describe('planNetworkRemove', () => {
  it('deletes an owned VLAN link when this network is its last user: down, then delete; inverses re-create it up', () => {
    const snapshot = snapshotOf({
      ...withLinks,
      networks: [vlan10],
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan', networkIds: [vlan10.id] }],
    });
    expect(linksRemovedBy(vlan10, snapshot)).toEqual(['eth0.10']);
    expect(planNetworkRemove({ network: vlan10, snapshot }).steps).toEqual([
      {
        op: { op: 'linkSetDown', name: 'eth0.10' },
        inverse: { op: 'linkSetUp', name: 'eth0.10' },
        why: 'take eth0.10 down before deleting it',
      },
      {
        op: { op: 'linkDel', name: 'eth0.10' },
        inverse: { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } },
        why: 'delete eth0.10: underlay created it for ipvlan10, its last user',
      },
    ]);
  });

  it('keeps an owned VLAN link that another network still uses, and says so', () => {
    const snapshot = snapshotOf({
      ...withLinks,
      networks: [vlan10, other],
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan', networkIds: [vlan10.id, other.id] }],
    });
    const plan = planNetworkRemove({ network: vlan10, snapshot });
    expect(plan.steps).toEqual([]);
    expect(linksRemovedBy(vlan10, snapshot)).toEqual([]);
    expect(plan.warnings).toMatchObject([
      {
        code: 'PARENT_IN_USE',
        severity: 'warning',
        message: 'eth0.10 is kept: networks ipvlan10b still use it.',
      },
    ]);
  });

  it('keeps a sharing network even when the reference count forgot it (records disagree: keep)', () => {
    const snapshot = snapshotOf({
      ...withLinks,
      networks: [vlan10, other],
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan', networkIds: [vlan10.id] }],
    });
    expect(linksRemovedBy(vlan10, snapshot)).toEqual([]);
  });

  it('never deletes a parent it did not create (existing eth0.10, plain eth0)', () => {
    const adopted = snapshotOf({ ...withLinks, networks: [vlan10] });
    expect(planNetworkRemove({ network: vlan10, snapshot: adopted })).toEqual({
      steps: [],
      warnings: [],
    });
    const flat = networkOf({ id: 'f', name: 'flat' });
    expect(
      planNetworkRemove({ network: flat, snapshot: snapshotOf({ networks: [flat] }) }).steps,
    ).toEqual([]);
  });

  it("never deletes a link that is not what underlay made, even if recorded as owned (Docker's ParentIndex guard)", () => {
    const snapshot = snapshotOf({
      links: [{ name: 'eth0.10', kind: 'device' }],
      networks: [vlan10],
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan', networkIds: [vlan10.id] }],
    });
    expect(linksRemovedBy(vlan10, snapshot)).toEqual([]);
  });

  it('deletes an owned dummy that is down without a down step', () => {
    const net = networkOf({
      id: '0123456789abcdef',
      name: 'iso',
      parent: 'di-0123456789ab',
      parentKind: 'dummy',
      internal: true,
    });
    const snapshot = snapshotOf({
      links: [{ name: 'di-0123456789ab', kind: 'dummy', up: false }],
      networks: [net],
      ownedLinks: [{ name: 'di-0123456789ab', kind: 'dummy', networkIds: [net.id] }],
    });
    expect(planNetworkRemove({ network: net, snapshot }).steps).toEqual([
      {
        op: { op: 'linkDel', name: 'di-0123456789ab' },
        inverse: { op: 'linkAdd', spec: { kind: 'dummy', name: 'di-0123456789ab' } },
        why: 'delete di-0123456789ab: underlay created it for iso, its last user',
      },
    ]);
  });

  it('refuses while endpoints remain (NETWORK_HAS_ENDPOINTS), naming the containers', () => {
    const snapshot = snapshotOf({
      ...withLinks,
      networks: [vlan10],
      endpoints: [
        endpointOf({ id: 'e2', networkId: vlan10.id, container: 'web', ifname: 'eth0' }),
        endpointOf({ id: 'e1', networkId: vlan10.id, container: 'db', ifname: 'eth0' }),
      ],
    });
    expect(() => planNetworkRemove({ network: vlan10, snapshot })).toThrow(
      /network ipvlan10 has active endpoints \(db, web\)/,
    );
    expect(() => planNetworkRemove({ network: vlan10, snapshot })).toThrow(
      expect.objectContaining({ code: 'NETWORK_HAS_ENDPOINTS', path: ['network'] }),
    );
  });
});

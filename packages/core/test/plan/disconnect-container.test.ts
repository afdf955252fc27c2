import { describe, expect, it } from 'vitest';
import { planContainerCreate, planContainerRemove, planDisconnect } from '../../src';
import { containerOf, dual140, endpointOf, snapshotOf, vlan10 } from './fixtures';

const e10 = endpointOf({
  id: 'e1',
  networkId: vlan10.id,
  container: 'web',
  ifname: 'eth0',
  ipv4Address: '172.16.80.2/24',
});
const e140 = endpointOf({
  id: 'e2',
  networkId: dual140.id,
  container: 'web',
  ifname: 'eth1',
  ipv4Address: '192.168.140.2/24',
  ipv6Address: '2001:db8:abc2::2/64',
});

describe('planDisconnect', () => {
  it('deletes the link inside the container, with no inverse (last step)', () => {
    const snapshot = snapshotOf({ networks: [vlan10], endpoints: [e10] });
    expect(planDisconnect({ network: vlan10, endpoint: e10, snapshot }).steps).toEqual([
      {
        op: { op: 'linkDel', netns: 'web', name: 'eth0' },
        inverse: null,
        why: 'delete eth0 in container web: leaves network ipvlan10 (its addresses and routes go with it)',
      },
    ]);
  });

  it('hands the IPv4 default route over to the next endpoint before deleting the link that holds it', () => {
    const snapshot = snapshotOf({ networks: [vlan10, dual140], endpoints: [e10, e140] });
    const { steps } = planDisconnect({ network: vlan10, endpoint: e10, snapshot });
    expect(steps.map((s) => [s.op, s.inverse])).toEqual([
      [
        {
          op: 'routeReplace',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '192.168.140.1',
          dev: 'eth1',
        },
        {
          op: 'routeReplace',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '172.16.80.1',
          dev: 'eth0',
        },
      ],
      [{ op: 'linkDel', netns: 'web', name: 'eth0' }, null],
    ]);
  });

  it('does not touch routes when the endpoint going away holds none', () => {
    const snapshot = snapshotOf({ networks: [vlan10, dual140], endpoints: [e10, e140] });
    expect(
      planDisconnect({ network: dual140, endpoint: e140, snapshot }).steps.map((s) => s.op.op),
    ).toEqual(['linkDel']);
  });

  it('a link already gone: no ops, a warning, so the agent just frees the records', () => {
    const snapshot = snapshotOf({
      networks: [vlan10],
      endpoints: [e10],
      containerLinks: [{ container: 'web', links: ['lo'] }],
    });
    const plan = planDisconnect({ network: vlan10, endpoint: e10, snapshot });
    expect(plan.steps).toEqual([]);
    expect(plan.warnings).toMatchObject([{ code: 'NOT_FOUND' }]);
  });
});

describe('containers', () => {
  it('create: netnsAdd, undone by netnsDel', () => {
    expect(planContainerCreate({ name: 'web' }).steps).toEqual([
      {
        op: { op: 'netnsAdd', name: 'web' },
        inverse: { op: 'netnsDel', name: 'web' },
        why: 'create network namespace web',
      },
    ]);
  });

  it.each(['', '.', '..', 'a/b', 'a b', '-x'])(
    'create refuses the namespace name %j (INVALID_CONTAINER_NAME, as validation)',
    (name) => {
      expect(() => planContainerCreate({ name })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONTAINER_NAME', path: ['name'] }),
      );
    },
  );

  it('create refuses a name already taken (CONTAINER_EXISTS)', () => {
    expect(() =>
      planContainerCreate({
        name: 'web',
        snapshot: snapshotOf({ containers: [containerOf('web')] }),
      }),
    ).toThrow(expect.objectContaining({ code: 'CONTAINER_EXISTS' }));
  });

  it('remove of a created container deletes its namespace (its links die with it)', () => {
    const snapshot = snapshotOf({ endpoints: [e10] });
    expect(planContainerRemove({ container: containerOf('web'), snapshot }).steps).toEqual([
      {
        op: { op: 'netnsDel', name: 'web' },
        inverse: null,
        why: 'delete network namespace web (its links eth0 go with it)',
      },
    ]);
  });

  it('remove of an attached container deletes only our links, never its namespace', () => {
    const snapshot = snapshotOf({ endpoints: [e10, e140] });
    const attached = { ...containerOf('web'), origin: 'attached' as const };
    expect(planContainerRemove({ container: attached, snapshot }).steps.map((s) => s.op)).toEqual([
      { op: 'linkDel', netns: 'web', name: 'eth0' },
      { op: 'linkDel', netns: 'web', name: 'eth1' },
    ]);
  });
});

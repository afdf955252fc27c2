import { describe, expect, it } from 'vitest';
import {
  ContainerSnapshotSchema,
  diffDrift,
  planNetworkCreate,
  planRepair,
  planRestore,
} from '../../src';
import { dual140, endpointOf, l3net, networkOf, snapshotOf, vlan10 } from './fixtures';

const iso = networkOf({
  id: '0123456789abcdef',
  name: 'iso',
  parent: 'di-0123456789ab',
  parentKind: 'dummy',
  internal: true,
});
const shared10 = { ...vlan10, id: 'second10', name: 'second10' };
const eth1net = networkOf({ id: 'e1e1', name: 'on-eth1', parent: 'eth1' });

describe('planRestore (agent start-up)', () => {
  it('re-creates missing VLAN and dummy parents once each, and reports a missing plain parent as degraded', () => {
    const plan = planRestore({
      networks: [vlan10, shared10, iso, eth1net, l3net],
      snapshot: snapshotOf(),
    });
    expect(plan.steps.map((s) => s.op)).toEqual([
      { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.10', link: 'eth0', id: 10 } },
      { op: 'linkSetUp', name: 'eth0.10' },
      { op: 'linkAdd', spec: { kind: 'dummy', name: 'di-0123456789ab' } },
      { op: 'linkSetUp', name: 'di-0123456789ab' },
    ]);
    expect(plan.degraded).toEqual(['e1e1']);
    expect(plan.warnings).toMatchObject([
      { code: 'PARENT_NOT_FOUND', severity: 'warning', message: expect.stringContaining('eth1') },
    ]);
  });

  it('a VLAN whose lower link is gone cannot be re-created: degraded', () => {
    const plan = planRestore({
      networks: [vlan10],
      snapshot: snapshotOf({ links: [{ name: 'lo', kind: 'loopback' }] }),
    });
    expect(plan).toMatchObject({
      steps: [],
      degraded: [vlan10.id],
      warnings: [{ code: 'PARENT_BASE_NOT_FOUND' }],
    });
  });

  it('check: nothing missing gives an empty plan (restore and create agree)', () => {
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
        { name: 'di-0123456789ab', kind: 'dummy' },
      ],
    });
    expect(planRestore({ networks: [vlan10, iso], snapshot })).toEqual({
      steps: [],
      warnings: [],
      degraded: [],
    });
    expect(planNetworkCreate({ network: vlan10, snapshot }).steps).toEqual([]);
    expect(planNetworkCreate({ network: iso, snapshot }).steps).toEqual([]);
  });
});

describe('diffDrift and planRepair', () => {
  const e1 = endpointOf({
    id: 'e1',
    networkId: vlan10.id,
    container: 'web',
    ifname: 'eth0',
    ipv4Address: '172.16.80.2/24',
  });
  const e2 = endpointOf({
    id: 'e2',
    networkId: dual140.id,
    container: 'gone',
    ifname: 'eth0',
    ipv4Address: '192.168.140.2/24',
  });
  const e3 = endpointOf({
    id: 'e3',
    networkId: dual140.id,
    container: 'db',
    ifname: 'eth0',
    ipv4Address: '192.168.140.3/24',
    ipv6Address: '2001:db8:abc2::3/64',
  });
  const ipvlan = (name: string, extra = {}) => ({
    name,
    kind: 'ipvlan',
    ipvlanMode: 'l2',
    ipvlanFlag: 'bridge',
    ...extra,
  });

  it('finds each kind of difference, networks first; repair patches what it can and reconnects the rest', () => {
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 20, up: false },
      ],
      networks: [vlan10, dual140],
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan', networkIds: [vlan10.id] }],
    });
    const containerSnapshots = [
      ContainerSnapshotSchema.parse({
        container: 'web',
        netns: 'web',
        links: [ipvlan('eth0', { ipvlanMode: 'l3', up: false })],
        addresses: [],
      }),
      ContainerSnapshotSchema.parse({ container: 'gone', netns: 'gone', present: false }),
      ContainerSnapshotSchema.parse({
        container: 'db',
        netns: 'db',
        links: [ipvlan('eth1')],
        addresses: [{ dev: 'eth1', address: '192.168.140.3/24' }],
      }),
    ];
    const drift = diffDrift({
      networks: [vlan10, dual140],
      endpoints: [e1, e2, e3],
      snapshot,
      containerSnapshots,
    });
    expect(drift.map((d) => [d.kind, d.network, d.endpoint])).toEqual([
      ['parent-changed', vlan10.id, undefined],
      ['parent-down', vlan10.id, undefined],
      ['parent-missing', dual140.id, undefined],
      ['mode-changed', vlan10.id, 'e1'],
      ['link-down', vlan10.id, 'e1'],
      ['address-missing', vlan10.id, 'e1'],
      ['netns-missing', dual140.id, 'e2'],
      ['link-renamed', dual140.id, 'e3'],
    ]);

    const repair = planRepair({
      drift,
      networks: [vlan10, dual140],
      endpoints: [e1, e2, e3],
      snapshot,
    });
    expect(repair.steps.map((s) => s.op)).toEqual([
      { op: 'linkAdd', spec: { kind: 'vlan', name: 'eth0.140', link: 'eth0', id: 140 } },
      { op: 'linkSetUp', name: 'eth0.140' },
      { op: 'linkDel', netns: 'db', name: 'eth1' },
    ]);
    expect(repair.steps.at(-1)).toEqual({
      op: { op: 'linkDel', netns: 'db', name: 'eth1' },
      inverse: null,
      why: "delete eth1 in db: the old link, renamed behind underlay's back",
    });
    expect(repair.release).toEqual(['e2']);
    expect(repair.reconnect).toEqual(['e1', 'e3']);
  });

  it('a link moved out to the host namespace is told apart from a missing one, and both are reconnected', () => {
    const e4 = endpointOf({
      id: 'e4',
      networkId: vlan10.id,
      container: 'api',
      ifname: 'eth0',
      ipv4Address: '172.16.80.4/24',
    });
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
        { name: 'ulv1234567', kind: 'ipvlan', parent: 'eth0.10' },
      ],
      addresses: [{ dev: 'ulv1234567', address: '172.16.80.2/24' }],
      networks: [vlan10],
    });
    const containerSnapshots = ['web', 'api'].map((c) =>
      ContainerSnapshotSchema.parse({
        container: c,
        netns: c,
        links: [{ name: 'lo', kind: 'loopback' }],
      }),
    );
    const drift = diffDrift({
      networks: [vlan10],
      endpoints: [e1, e4],
      snapshot,
      containerSnapshots,
    });
    expect(drift.map((d) => [d.kind, d.endpoint, d.detail])).toEqual([
      ['link-moved', 'e1', 'eth0 of container web is in the host namespace as ulv1234567'],
      ['link-missing', 'e4', 'eth0 is missing from container api'],
    ]);
    const repair = planRepair({ drift, networks: [vlan10], endpoints: [e1, e4], snapshot });
    expect(repair.reconnect).toEqual(['e1', 'e4']);
    expect(repair.steps.map((s) => [s.op, s.inverse])).toEqual([
      [{ op: 'linkDel', name: 'ulv1234567' }, null],
    ]);
    const notOurs = {
      ...snapshot,
      links: snapshot.links.map((l) => (l.name === 'ulv1234567' ? { ...l, kind: 'device' } : l)),
    };
    expect(
      planRepair({ drift, networks: [vlan10], endpoints: [e1, e4], snapshot: notOurs }).steps,
    ).toEqual([]);
  });

  it('an address gone from a link that holds the default route: put back the address, then the route', () => {
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
      ],
      networks: [vlan10],
      endpoints: [e1],
    });
    const containerSnapshots = [
      ContainerSnapshotSchema.parse({ container: 'web', netns: 'web', links: [ipvlan('eth0')] }),
    ];
    const drift = diffDrift({ networks: [vlan10], endpoints: [e1], snapshot, containerSnapshots });
    expect(drift).toEqual([
      {
        kind: 'address-missing',
        network: vlan10.id,
        endpoint: 'e1',
        address: '172.16.80.2/24',
        detail: '172.16.80.2/24 is missing from eth0 in container web',
      },
    ]);
    expect(
      planRepair({ drift, networks: [vlan10], endpoints: [e1], snapshot }).steps.map((s) => [
        s.op,
        s.inverse,
      ]),
    ).toEqual([
      [
        { op: 'addrAdd', netns: 'web', dev: 'eth0', address: '172.16.80.2/24' },
        { op: 'addrDel', netns: 'web', dev: 'eth0', address: '172.16.80.2/24' },
      ],
      [
        {
          op: 'routeReplace',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '172.16.80.1',
          dev: 'eth0',
        },
        {
          op: 'routeDel',
          netns: 'web',
          family: 4,
          dst: 'default',
          via: '172.16.80.1',
          dev: 'eth0',
        },
      ],
    ]);
  });

  it('no drift when records and kernel agree; an owned parent down is not brought up when someone else made it', () => {
    const snapshot = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10 },
      ],
      networks: [vlan10],
    });
    const containerSnapshots = [
      ContainerSnapshotSchema.parse({
        container: 'web',
        netns: 'web',
        links: [ipvlan('eth0')],
        addresses: [{ dev: 'eth0', address: '172.16.80.2/24' }],
      }),
    ];
    expect(
      diffDrift({ networks: [vlan10], endpoints: [e1], snapshot, containerSnapshots }),
    ).toEqual([]);
    const down = snapshotOf({
      links: [
        { name: 'eth0', kind: 'device' },
        { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10, up: false },
      ],
      networks: [vlan10],
    });
    const drift = diffDrift({
      networks: [vlan10],
      endpoints: [],
      snapshot: down,
      containerSnapshots: [],
    });
    expect(drift.map((d) => d.kind)).toEqual(['parent-down']);
    expect(planRepair({ drift, networks: [vlan10], endpoints: [], snapshot: down }).steps).toEqual(
      [],
    );
    const owned = {
      ...down,
      ownedLinks: [{ name: 'eth0.10', kind: 'vlan' as const, networkIds: [vlan10.id] }],
    };
    expect(
      planRepair({ drift, networks: [vlan10], endpoints: [], snapshot: owned }).steps.map(
        (s) => s.op,
      ),
    ).toEqual([{ op: 'linkSetUp', name: 'eth0.10' }]);
  });
});

import {
  blockKey,
  metaKey,
  type FleetSegment,
  type Network,
  type NetworkInspect,
} from '@underlay/core';
import { SqliteFleetStore } from '@underlay/fleet-store/hub';
import { afterEach, describe, expect, it } from 'vitest';
import { hostsAndSegments, type InspectedCopy } from '../src/server/networks/network-detail';

// The network page reads each host's fleet-IPAM blocks from the hub's own
// store (a real SQLite store in memory here) through fleet-blocks, lists each
// segment once with every host's blocks under it, and takes use counts from
// what each agent reports.

const SUBNET = '172.16.30.0/24';
const SEGMENT = 'trunk=eth0,vlan=30,subnet=172.16.30.0_24';

const network: Network = {
  id: 'vlan30-id',
  name: 'vlan30',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.30',
  parentKind: 'vlan',
  vlanId: 30,
  internal: false,
  ipv4: true,
  ipv6: false,
  subnets: [{ family: 4, subnet: SUBNET, auxAddresses: {}, fromDefaultPool: false }],
  labels: {},
  options: {},
  created: '',
  status: 'ok',
};

/** What an agent on the hub's store reports of segment 30: its blocks with their use counts. */
const report = (
  blocks: { block: string; used: number; status?: 'held' | 'lost' }[],
): FleetSegment => ({
  segment: SEGMENT,
  subnet: SUBNET,
  blockPrefix: 28,
  blocks: blocks.map((b) => ({ status: 'held', ...b })),
  conflicts: [],
  adopted: true,
});

/** The agent's `network inspect` of vlan30, as the hub receives it. */
const inspectOf = (fleet: FleetSegment | undefined): NetworkInspect => ({
  Name: network.name,
  Id: network.id,
  Created: '',
  Scope: 'local',
  Driver: 'ipvlan',
  EnableIPv4: true,
  EnableIPv6: false,
  IPAM: { Driver: 'default', Options: {}, Config: [{ Subnet: SUBNET }] },
  Internal: false,
  Attachable: false,
  Ingress: false,
  ConfigFrom: { Network: '' },
  ConfigOnly: false,
  Containers: {},
  Options: {},
  Labels: {},
  Status: { IPAM: { Subnets: {} } },
  Mode: 'l2',
  Flag: 'bridge',
  Parent: 'eth0.30',
  ParentKind: 'vlan',
  VlanId: 30,
  Degraded: false,
  HostShim: null,
  L3: { Distributed: false, Announced: false },
  ...(fleet ? { FleetIpam: [fleet] } : {}),
});

const copy = (host: string, fleet?: FleetSegment): InspectedCopy => ({
  member: { hostId: `id-${host}`, host, network },
  inspect: inspectOf(fleet),
  error: null,
});

let store: SqliteFleetStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function seed(holders: Record<string, string>): Promise<SqliteFleetStore> {
  store = new SqliteFleetStore(':memory:');
  const meta = { subnet: SUBNET, blockPrefix: 28, reserved: {} };
  const puts = Object.entries(holders).map(([block, host]) => ({
    kind: 'put' as const,
    key: blockKey(SEGMENT, block),
    value: JSON.stringify({ host, claimedAt: 1 }),
  }));
  await store.txn({
    compare: [{ key: metaKey(SEGMENT), modRevision: 0 }],
    success: [{ kind: 'put', key: metaKey(SEGMENT), value: JSON.stringify(meta) }, ...puts],
  });
  return store;
}

/** How many times `text` occurs in `value` serialised as the page receives it. */
const occurrences = (value: unknown, text: string) => JSON.stringify(value).split(text).length - 1;

/** Segment 30 as the page should list it when host-a holds .0 and .32 and host-b .16. */
const sharedSegment = {
  segment: SEGMENT,
  subnet: SUBNET,
  blockPrefix: 28,
  hosts: [
    {
      host: 'host-a',
      blocks: [
        { block: '172.16.30.0/28', used: 2, status: 'held' },
        { block: '172.16.30.32/28', used: null, status: 'held' },
      ],
    },
    { host: 'host-b', blocks: [{ block: '172.16.30.16/28', used: 3, status: 'held' }] },
  ],
};

describe('the network page’s blocks from the hub store', () => {
  it('lists a segment two hosts share once, with each host’s blocks (and its agent’s use counts) under it', async () => {
    const s = await seed({
      '172.16.30.0/28': 'host-a',
      '172.16.30.16/28': 'host-b',
      '172.16.30.32/28': 'host-a',
    });
    const { hosts, segments } = await hostsAndSegments(s, [
      copy('host-b', report([{ block: '172.16.30.16/28', used: 3 }])),
      copy('host-a', report([{ block: '172.16.30.0/28', used: 2 }])),
    ]);
    expect(segments).toEqual([sharedSegment]);
    // Each host's card only points at the segment: no block is listed twice on the page.
    expect(hosts.map((h) => [h.host, h.allocations])).toEqual([
      [
        'host-a',
        [{ subnet: SUBNET, kind: 'blocks', segment: SEGMENT, blockCount: 2, ipRange: null }],
      ],
      [
        'host-b',
        [{ subnet: SUBNET, kind: 'blocks', segment: SEGMENT, blockCount: 1, ipRange: null }],
      ],
    ]);
    const page = { hosts: hosts.map(({ inspect: _raw, ...card }) => card), segments };
    for (const block of ['172.16.30.0/28', '172.16.30.16/28', '172.16.30.32/28'])
      expect(occurrences(page, `"block":"${block}"`), block).toBe(1);
  });

  it('keeps a block an agent still reports under that agent too, with its status, when the store gives it to another host', async () => {
    const s = await seed({ '172.16.30.0/28': 'host-b' });
    const { segments } = await hostsAndSegments(s, [
      copy('host-a', report([{ block: '172.16.30.0/28', used: 1, status: 'lost' }])),
      copy('host-b', report([])),
    ]);
    expect(segments[0]?.hosts).toEqual([
      { host: 'host-a', blocks: [{ block: '172.16.30.0/28', used: 1, status: 'lost' }] },
      { host: 'host-b', blocks: [{ block: '172.16.30.0/28', used: null, status: 'held' }] },
    ]);
  });
});

describe('the network page’s blocks without the hub store’s', () => {
  it('falls back to what the agents report when the hub store holds nothing (agents on etcd)', async () => {
    store = new SqliteFleetStore(':memory:');
    const { hosts, segments } = await hostsAndSegments(store, [
      copy('host-a', report([{ block: '172.16.30.48/28', used: 1 }])),
    ]);
    expect(segments).toEqual([
      {
        segment: SEGMENT,
        subnet: SUBNET,
        blockPrefix: 28,
        hosts: [
          { host: 'host-a', blocks: [{ block: '172.16.30.48/28', used: 1, status: 'held' }] },
        ],
      },
    ]);
    expect(hosts[0]?.allocations[0]).toMatchObject({ kind: 'blocks', blockCount: 1 });
  });

  it('lists no segment, and the whole subnet or its range per host, for agents without a fleet store', async () => {
    store = new SqliteFleetStore(':memory:');
    const subnets = network.subnets.map((s) => ({ ...s, ipRange: '172.16.30.64/26' }));
    const ranged = {
      ...copy('host-b'),
      member: { hostId: 'id-host-b', host: 'host-b', network: { ...network, subnets } },
    };
    const { hosts, segments } = await hostsAndSegments(store, [copy('host-a'), ranged]);
    expect(segments).toEqual([]);
    expect(hosts.map((h) => h.allocations[0])).toEqual([
      { subnet: SUBNET, kind: 'subnet', segment: null, blockCount: 0, ipRange: null },
      { subnet: SUBNET, kind: 'range', segment: null, blockCount: 0, ipRange: '172.16.30.64/26' },
    ]);
  });
});

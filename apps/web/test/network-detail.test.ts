import { blockKey, metaKey } from '@underlay/core';
import { SqliteFleetStore } from '@underlay/fleet-store/hub';
import { afterEach, describe, expect, it } from 'vitest';
import { blocksOf } from '../src/server/networks/network-detail';

// The network page reads each host's fleet-IPAM blocks from the hub's own
// store (a real SQLite store in memory here), not only from what the agent says.

const SEGMENT = 'trunk=eth0,vlan=30,subnet=172.16.30.0_24';
const segment = (blocks: { block: string; used: number }[]) => ({
  segment: SEGMENT,
  subnet: '172.16.30.0/24',
  blockPrefix: 28,
  blocks: blocks.map((b) => ({ ...b, status: 'held' as const })),
  conflicts: [],
  adopted: true,
});

let store: SqliteFleetStore | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function seed(holders: Record<string, string>): Promise<SqliteFleetStore> {
  store = new SqliteFleetStore(':memory:');
  const meta = { subnet: '172.16.30.0/24', blockPrefix: 28, reserved: {} };
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

describe('a host’s blocks on the network page', () => {
  it('lists the blocks the hub store records for the host, with the agent’s use counts', async () => {
    const s = await seed({
      '172.16.30.0/28': 'host-a',
      '172.16.30.16/28': 'host-b',
      '172.16.30.32/28': 'host-a',
    });
    const a = await blocksOf(s, 'host-a', segment([{ block: '172.16.30.0/28', used: 2 }]));
    expect(a).toEqual([
      { block: '172.16.30.0/28', used: 2, status: 'held' },
      { block: '172.16.30.32/28', used: null, status: 'held' },
    ]);
    const b = await blocksOf(s, 'host-b', segment([]));
    expect(b.map((x) => x.block)).toEqual(['172.16.30.16/28']);
  });

  it('falls back to what the agent reports when the hub store holds nothing (agents on etcd)', async () => {
    store = new SqliteFleetStore(':memory:');
    const a = await blocksOf(store, 'host-a', segment([{ block: '172.16.30.48/28', used: 1 }]));
    expect(a).toEqual([{ block: '172.16.30.48/28', used: 1, status: 'held' }]);
  });
});

import type { Endpoint, Network } from '@underlay/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../src/store/migrations';
import { listPools, savePool, type DockerPool } from '../src/store/docker';
import {
  appendEvent,
  deleteEndpoint,
  deleteNetwork,
  eventsAfter,
  lastEventId,
  listAllocations,
  listEndpoints,
  listNetworks,
  listOwnedLinks,
  openDb,
  releaseOwnedLink,
  retainOwnedLink,
  saveEndpoint,
  saveNetwork,
  type Db,
} from '../src/store';

const dirs: string[] = [];
const open = (): { db: Db; dir: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-store-'));
  dirs.push(dir);
  return { db: openDb(dir), dir };
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const network: Network = {
  id: 'a'.repeat(64),
  name: 'vlan10',
  driver: 'ipvlan',
  mode: 'l2',
  flag: 'bridge',
  parent: 'eth0.10',
  parentKind: 'vlan',
  vlanId: 10,
  internal: false,
  ipv4: true,
  ipv6: true,
  labels: {},
  options: { parent: 'eth0.10' },
  created: '2026-11-28T00:00:00.000Z',
  status: 'ok',
  subnets: [
    {
      family: 4,
      subnet: '10.10.0.0/24',
      gateway: '10.10.0.1',
      auxAddresses: {},
      fromDefaultPool: false,
    },
  ],
};
const endpoint: Endpoint = {
  id: 'e1',
  networkId: network.id,
  container: 'c1',
  netns: 'c1',
  ifname: 'eth0',
  ipv4Address: '10.10.0.2/24',
  ipv6Address: 'fd00::2/64',
  created: network.created,
};

describe('store', () => {
  it('migrates a new database to the latest version, and again is a no-op', () => {
    const { db, dir } = open();
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    const again = openDb(dir);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    again.close();
  });

  it("gives a new database the Docker plugin's tables (migration 5), and keeps those an older agent made", () => {
    const pool: DockerPool = {
      id: 'underlay/172.16.80.0/24',
      pool: '172.16.80.0/24',
      subPool: '',
      v6: false,
      networkId: null,
    };
    const fresh = open();
    savePool(fresh.db, pool);
    expect(listPools(fresh.db)).toEqual([pool]);
    // An agent before migration 6 made the tables itself (IF NOT EXISTS) at version 4.
    fresh.db.pragma('user_version = 4');
    fresh.db.close();
    const migrated = openDb(fresh.dir);
    expect(migrated.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(listPools(migrated)).toEqual([pool]);
    migrated.close();
  });

  it('refuses a database newer than the agent', () => {
    const { db, dir } = open();
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openDb(dir)).toThrow(/newer than this agent/);
  });

  it('stores networks and endpoints with their allocations, and frees both families on delete', () => {
    const { db } = open();
    saveNetwork(db, network);
    expect(listNetworks(db)).toEqual([network]);
    saveEndpoint(db, endpoint);
    expect(listEndpoints(db)).toEqual([endpoint]);
    expect(
      listAllocations(db, network.id)
        .map((a) => [a.family, a.address])
        .sort(),
    ).toEqual([
      [4, '10.10.0.2'],
      [6, 'fd00::2'],
    ]);
    deleteEndpoint(db, 'e1');
    expect(listAllocations(db)).toEqual([]);
    // the same address is free for another endpoint at once
    saveEndpoint(db, { ...endpoint, id: 'e2', container: 'c2' });
    expect(listAllocations(db).map((a) => a.endpointId)).toEqual(['e2', 'e2']);
    deleteEndpoint(db, 'e2');
    deleteNetwork(db, network.id);
    expect(listNetworks(db)).toEqual([]);
  });

  it('refuses one address for two endpoints of a network', () => {
    const { db } = open();
    saveNetwork(db, network);
    saveEndpoint(db, endpoint);
    expect(() => saveEndpoint(db, { ...endpoint, id: 'e2', container: 'c2' })).toThrow(/UNIQUE/);
    expect(listEndpoints(db)).toHaveLength(1);
  });

  it('reference-counts owned links', () => {
    const { db } = open();
    retainOwnedLink(db, { name: 'eth0.10', kind: 'vlan', networkId: 'n1' });
    retainOwnedLink(db, { name: 'eth0.10', kind: 'vlan', networkId: 'n2' });
    retainOwnedLink(db, { name: 'eth0.10', kind: 'vlan', networkId: 'n2' });
    expect(listOwnedLinks(db)).toEqual([
      { name: 'eth0.10', kind: 'vlan', networkIds: ['n1', 'n2'] },
    ]);
    expect(releaseOwnedLink(db, { name: 'eth0.10', networkId: 'n1' })).toBe(1);
    expect(releaseOwnedLink(db, { name: 'eth0.10', networkId: 'n2' })).toBe(0);
    expect(listOwnedLinks(db)).toEqual([]);
  });

  it('keeps a bounded event log and replays after an id', () => {
    const { db } = open();
    const ids = [1, 2, 3, 4, 5].map((n) => appendEvent(db, { n }, 3));
    expect(eventsAfter(db, null).map((e) => e.event)).toEqual([{ n: 3 }, { n: 4 }, { n: 5 }]);
    expect(eventsAfter(db, ids[3] as string).map((e) => e.event)).toEqual([{ n: 5 }]);
    expect(lastEventId(db)).toBe(ids[4]);
  });
});

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryFleetStore } from '@underlay/fleet-store';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningAgent, startAgent } from '../../src/server/start-agent';
import { fakeKernel } from '../fake-kernel';
import { post } from './plugin-client';

// The Docker IPAM driver on the fleet store (issue 15): two hosts' plugins
// with dockerd 20.10's own requests (fixture), sharing one in-memory store.

const fixture = JSON.parse(
  readFileSync(join(__dirname, 'fixtures/dockerd-20.10-network-lifecycle.json'), 'utf8'),
) as { requests: { path: string; body: string }[] };
const sent = (path: string, nth = 0) =>
  JSON.parse(fixture.requests.filter((r) => r.path === path)[nth]!.body || '{}') as Record<
    string,
    unknown
  >;

const dirs: string[] = [];
const agents: RunningAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function host(name: string, store: MemoryFleetStore) {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-dfleet-'));
  dirs.push(dir);
  const socket = join(dir, 'plugins', 'underlay.sock');
  const kernel = fakeKernel();
  const links = await kernel.hostLinks();
  kernel.hostLinks = async () => [
    ...links,
    { name: 'eth0.10', kind: 'vlan', parent: 'eth0', vlanId: 10, mtu: 1500, up: true },
  ];
  const agent = await startAgent(
    {
      stateDir: join(dir, 's'),
      socket: join(dir, 'a.sock'),
      dockerPlugin: socket,
      logLevel: 'silent',
    },
    {
      kernel,
      logger: pino({ level: 'silent' }),
      reconcile: false,
      hostname: name,
      fleetStore: store,
    },
  );
  agents.push(agent);
  const call = (path: string, body?: unknown) => post(socket, path, body);
  const pool = await call('/IpamDriver.RequestPool', sent('/IpamDriver.RequestPool'));
  const poolId = pool.json.PoolID as string;
  for (const nth of [0, 1])
    await call('/IpamDriver.RequestAddress', {
      ...sent('/IpamDriver.RequestAddress', nth),
      PoolID: poolId,
    });
  const created = await call('/NetworkDriver.CreateNetwork', sent('/NetworkDriver.CreateNetwork'));
  expect(created.json).toEqual({});
  const request = (Address: string) =>
    call('/IpamDriver.RequestAddress', { PoolID: poolId, Address, Options: null });
  return { agent, request };
}

describe('Docker IPAM driver with a fleet store', () => {
  it("hands out addresses from the host's blocks; a static address of host-a is refused on host-b naming host-a", async () => {
    const store = new MemoryFleetStore();
    const a = await host('host-a', store);
    const b = await host('host-b', store);
    const mine = await a.request('');

    const theirs = await b.request('');
    expect(mine.json.Address).toMatch(/^172\.16\.80\.\d+\/24$/);
    expect(theirs.json.Address).toMatch(/^172\.16\.80\.\d+\/24$/);
    expect(theirs.json.Address).not.toBe(mine.json.Address);
    const taken = (mine.json.Address as string).split('/')[0]!;
    const refused = await b.request(taken);
    expect(refused.json.Error).toMatch(
      new RegExp(`${taken.replace(/\./g, '\\.')} is in block .* held by host host-a`),
    );
    const blocks = a.agent.services.fleetStore.status().segments[0]!.blocks;
    expect(blocks.map((x) => x.used)).toEqual([1]);
  });
});

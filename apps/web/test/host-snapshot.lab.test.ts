import { HostSnapshotSchema } from '@underlay/core';
import { attachLab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/server/db';
import { fetchSnapshot } from '../src/server/fleet/host-snapshot';
import { collectHostViews } from '../src/server/fleet/host-views';
import { Hub } from '../src/server/fleet/hub';
import { registerLabHosts } from '../src/server/fleet/lab';
import { getHostByName } from '../src/server/fleet/registry';
import { until } from './support/until';

// The topology's refresh against real agents: host-a carries 20 networks and
// one container on four of them. A refresh is one host.snapshot per host,
// refreshes asked for together share reads, and the figures of the old
// assembly (networks.list, containers.list, host.interfaces, one
// networks.inspect per network) are measured in the same run for comparison.

const NETWORKS = Array.from({ length: 20 }, (_, i) => ({
  name: `hs-n${i}`,
  parent: `eth0.${230 + i}`,
  subnet: `172.18.${i}.0/24`,
}));
const CONNECTED = NETWORKS.slice(0, 4);

let hub: Hub;
const db = openDb(':memory:');
const idOf = (name: string): string => getHostByName(db, name)?.id ?? '';
const calls: { id: string; path: string }[] = [];

beforeAll(async () => {
  const lab = await attachLab({ name: inject('labName') });
  registerLabHosts(
    db,
    lab.hosts.map((h) => ({
      name: h.name,
      agentSocket: h.agentSocket,
      tokenPath: `${h.stateDir}/token`,
    })),
  );
  hub = new Hub({ db });
  hub.start();
  await until(
    () => ['host-a', 'host-b'].every((n) => hub.status(idOf(n)).status === 'online'),
    60_000,
  );
  const a = idOf('host-a');
  for (const n of NETWORKS)
    await hub.mutate(
      a,
      'networks.create',
      { name: n.name, options: { parent: n.parent }, ipam: [{ subnet: n.subnet }] },
      60_000,
    );
  await hub.mutate(a, 'containers.create', { name: 'hsv' });
  for (const n of CONNECTED)
    await hub.mutate(a, 'networks.connect', { network: n.name, container: 'hsv' }, 60_000);
  // Every call the refresh path makes goes through hub.query: count them by path.
  const query = hub.query.bind(hub);
  hub.query = (id, path, input, timeoutMs) => {
    calls.push({ id, path });
    return query(id, path, input, timeoutMs);
  };
});

afterAll(async () => {
  const a = idOf('host-a');
  await hub?.mutate(a, 'containers.remove', { container: 'hsv' }).catch(() => undefined);
  for (const n of NETWORKS)
    await hub?.mutate(a, 'networks.remove', { network: n.name }, 60_000).catch(() => undefined);
  await hub?.stop();
});

/** The old assembly's round trips for one host (its answers were then parsed back into a snapshot). */
async function legacyRoundTrips(id: string): Promise<number> {
  const [networks] = await Promise.all([
    hub.query(id, 'networks.list'),
    hub.query(id, 'containers.list'),
    hub.query(id, 'host.interfaces'),
  ]);
  const ids = (networks as { id: string }[]).map((n) => n.id);
  await Promise.all(ids.map((network) => hub.query(id, 'networks.inspect', { network })));
  return 3 + ids.length;
}

const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? NaN;

describe('topology refresh through host.snapshot', () => {
  it('reads each online host with one host.snapshot call, endpoints with their link names', async () => {
    // The hub read host-b when its event stream started (nothing changed there since): held already.
    expect(hub.snapshots.last(idOf('host-b'))?.hostname).toBe('host-b');
    // Dropped here, as an event from each host would: this refresh asks each agent once.
    for (const name of ['host-a', 'host-b']) hub.snapshots.drop(idOf(name));
    calls.length = 0;
    const views = await collectHostViews(db, hub);
    expect(calls.map((c) => c.path)).toEqual(['host.snapshot', 'host.snapshot']);
    expect(new Set(calls.map((c) => c.id))).toEqual(new Set([idOf('host-a'), idOf('host-b')]));
    const a = views.find((v) => v.id === 'host-a');
    expect(a).toMatchObject({ online: true, snapshot: { hostname: 'host-a' } });
    expect(a?.snapshot.networks.map((n) => n.name)).toEqual(
      expect.arrayContaining(NETWORKS.map((n) => n.name)),
    );
    const endpoints = a?.snapshot.endpoints.filter((e) => e.container === 'hsv') ?? [];
    expect(endpoints.map((e) => e.ifname).sort()).toEqual(['eth0', 'eth1', 'eth2', 'eth3']);
    expect(
      endpoints.every(
        (e) =>
          e.netns === 'hsv' &&
          /^172\.18\.[0-3]\.\d+\/24$/.test(e.ipv4Address ?? '') &&
          e.created !== '',
      ),
    ).toBe(true);
    expect(a?.snapshot.links.filter((l) => /^eth0\.2(3\d|4\d)$/.test(l.name))).toHaveLength(20);
    // The agent's own answer, without the host addresses and container links the topology does not draw.
    const full = HostSnapshotSchema.parse(await hub.query(idOf('host-a'), 'host.snapshot'));
    expect(full.addresses.length).toBeGreaterThan(0);
    expect(a?.snapshot).toEqual({ ...full, addresses: [], containerLinks: [] });
  });

  it('shares reads between refreshes asked for together', async () => {
    // As an event from each host would: the next refreshes ask the agents again.
    for (const name of ['host-a', 'host-b']) hub.snapshots.drop(idOf(name));
    calls.length = 0;
    const views = await Promise.all(Array.from({ length: 6 }, () => collectHostViews(db, hub)));
    for (const name of ['host-a', 'host-b']) {
      const n = calls.filter((c) => c.id === idOf(name)).length;
      expect(n).toBeGreaterThanOrEqual(1);
      expect(n).toBeLessThanOrEqual(2);
    }
    expect(calls.every((c) => c.path === 'host.snapshot')).toBe(true);
    for (const v of views) expect(v).toEqual(views[0]);
  });

  it('measures one refresh of a host with 20 networks: host.snapshot against the old assembly', async () => {
    const a = idOf('host-a');
    const now: number[] = [];
    const full: number[] = [];
    const before: number[] = [];
    let legacyTrips = 0;
    // Interleaved, so both paths see the same load on this shared machine.
    for (let i = 0; i < 7; i++) {
      let t = performance.now();
      calls.length = 0;
      await fetchSnapshot((path, input) => hub.query(a, path, input));
      now.push(performance.now() - t);
      expect(calls).toHaveLength(1);
      t = performance.now();
      await hub.query(a, 'host.snapshot');
      full.push(performance.now() - t);
      t = performance.now();
      legacyTrips = await legacyRoundTrips(a);
      before.push(performance.now() - t);
    }
    expect(legacyTrips).toBe(3 + NETWORKS.length);
    const figure = (xs: number[]) =>
      `median ${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)})`;
    console.log(
      `[refresh, host-a with ${NETWORKS.length} networks, 7 runs] round trips ${legacyTrips} -> 1; old assembly ${figure(before)}; host.snapshot as drawn ${figure(now)}; with addresses and container links ${figure(full)}`,
    );
  });
});

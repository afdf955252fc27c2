import { distributeRoutes, l3HostOf, type DistributedRoute } from '@underlay/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labHosts, type LabHost } from './lab/lab-host';
import { pings } from './lab/pings';

// Route distribution between hosts on real kernels: host-a shares an L3
// network 10.61.0.0/24 and host-b one 10.62.0.0/24 (label underlay.routes=
// share, so both opt in). The test computes the fleet's routes with core's
// distributeRoutes, as the hub does, and sends each agent its set. Each
// guest gets an underlay address on the trunk (eth0, untagged): 10.60.0.1x/24.

let a: LabHost;
let b: LabHost;
let agentA: AgentClient;
let agentB: AgentClient;
const UNDERLAY = { 'host-a': '10.60.0.11/24', 'host-b': '10.60.0.12/24' };

beforeAll(async () => {
  [a, b] = (await labHosts(['host-a', 'host-b'])) as [LabHost, LabHost];
  agentA = a.client();
  agentB = b.client();
  for (const host of [a, b])
    await host.exec([
      'ip',
      'addr',
      'add',
      UNDERLAY[host.name as keyof typeof UNDERLAY],
      'dev',
      'eth0',
    ]);
});

afterAll(async () => {
  for (const [agent, host, container, network] of [
    [agentA, a, 'l3-ca', 'l3a'],
    [agentB, b, 'l3-cb', 'l3b'],
  ] as const) {
    await agent?.routes.set.mutate({ routes: [] }).catch(() => undefined);
    await agent?.containers.remove.mutate({ container }).catch(() => undefined);
    await agent?.networks.remove.mutate({ network }).catch(() => undefined);
    await host?.exec([
      'ip',
      'addr',
      'del',
      UNDERLAY[host.name as keyof typeof UNDERLAY],
      'dev',
      'eth0',
    ]);
    await host?.exec(['ip', 'route', 'del', '10.63.0.0/24']);
    await agent?.close();
  }
});

/** The fleet's routes from both agents' snapshots, sent to each: what the hub does. */
async function distribute(): Promise<Record<string, DistributedRoute[]>> {
  const snapshots = await Promise.all(
    [agentA, agentB].map((agent) => agent.host.snapshot.query({})),
  );
  const { routes, issues } = distributeRoutes([
    l3HostOf('host-a', snapshots[0]!),
    l3HostOf('host-b', snapshots[1]!),
  ]);
  expect(issues).toEqual([]);
  await agentA.routes.set.mutate({ routes: routes['host-a'] ?? [] });
  await agentB.routes.set.mutate({ routes: routes['host-b'] ?? [] });
  return routes;
}

/** host's kernel route to dst, as ip shows it (null when none). */
async function kernelRoute(
  host: LabHost,
  dst: string,
): Promise<{ gateway?: string; dev?: string } | null> {
  const r = await host.exec(['ip', '-json', 'route', 'show', dst]);
  const [route] = JSON.parse(r.stdout || '[]') as { gateway?: string; dev?: string }[];
  return route ?? null;
}

describe('route distribution between two hosts', () => {
  it('routes each host L3 subnet through the other host underlay address, so containers ping across', async () => {
    for (const [agent, name, subnet, container, ip] of [
      [agentA, 'l3a', '10.61.0.0/24', 'l3-ca', '10.61.0.11'],
      [agentB, 'l3b', '10.62.0.0/24', 'l3-cb', '10.62.0.11'],
    ] as const) {
      await agent.networks.create.mutate({
        name,
        ipam: [{ subnet }],
        options: { parent: 'eth0', ipvlan_mode: 'l3' },
        labels: { 'underlay.routes': 'share' },
      });
      await agent.containers.create.mutate({ name: container });
      await agent.networks.connect.mutate({ network: name, container, ipv4Address: ip });
    }
    expect(await pings(a, 'l3-ca', '10.62.0.11')).toBe(false);

    const routes = await distribute();
    expect(routes['host-a']).toEqual([
      {
        family: 4,
        dst: '10.62.0.0/24',
        via: '10.60.0.12',
        origin: { host: 'host-b', network: 'l3b' },
      },
    ]);
    expect(await kernelRoute(a, '10.62.0.0/24')).toMatchObject({
      gateway: '10.60.0.12',
      dev: 'eth0',
    });
    expect(await kernelRoute(b, '10.61.0.0/24')).toMatchObject({
      gateway: '10.60.0.11',
      dev: 'eth0',
    });
    expect(await pings(a, 'l3-ca', '10.62.0.11')).toBe(true);
    expect(await pings(b, 'l3-cb', '10.61.0.11')).toBe(true);

    expect((await agentA.networks.inspect.query({ network: 'l3a' })).L3).toMatchObject({
      Distributed: true,
    });
    const listed = await agentA.routes.list.query();
    expect(listed.routes).toEqual([
      expect.objectContaining({
        dst: '10.62.0.0/24',
        via: '10.60.0.12',
        dev: 'eth0',
        present: true,
        source: 'hub',
      }),
    ]);
  });

  it('keeps the routes across an agent restart', async () => {
    await a.stopAgent();
    await a.startAgent();
    await agentA.close();
    agentA = a.client();
    expect(await kernelRoute(a, '10.62.0.0/24')).toMatchObject({ gateway: '10.60.0.12' });
    expect((await agentA.routes.list.query()).routes).toEqual([
      expect.objectContaining({ dst: '10.62.0.0/24', present: true }),
    ]);
    expect(await pings(a, 'l3-ca', '10.62.0.11')).toBe(true);
  });

  it('reports a route deleted by hand as drift, and the repair puts it back', async () => {
    await a.exec(['ip', 'route', 'del', '10.62.0.0/24']);
    const drift = await agentA.networks.drift.query();
    expect(drift).toContainEqual(
      expect.objectContaining({ kind: 'route-missing', address: '10.62.0.0/24' }),
    );
    await agentA.networks.repair.mutate();
    expect(await kernelRoute(a, '10.62.0.0/24')).toMatchObject({ gateway: '10.60.0.12' });
    expect(await agentA.networks.drift.query()).toEqual([]);
  });

  it('refuses a route that conflicts with one the host already has, naming both, and changes nothing', async () => {
    await a.exec(['ip', 'route', 'add', '10.63.0.0/24', 'dev', 'eth0']);
    const before = (await a.exec(['ip', '-json', 'route', 'show'])).stdout;
    const extra: DistributedRoute = {
      family: 4,
      dst: '10.63.0.0/24',
      via: '10.60.0.12',
      origin: { host: 'host-b', network: 'other' },
    };
    const current = (await agentA.routes.list.query()).routes.map(
      ({ family, dst, via, origin }) => ({ family, dst, via, origin }),
    );
    await expect(agentA.routes.set.mutate({ routes: [...current, extra] })).rejects.toThrow(
      /10\.63\.0\.0\/24 from other on host-b conflicts with the existing route 10\.63\.0\.0\/24 dev eth0/,
    );
    expect((await a.exec(['ip', '-json', 'route', 'show'])).stdout).toBe(before);
  });

  it('withdraws the route on host-a when host-b removes its network', async () => {
    await agentB.networks.disconnect.mutate({ network: 'l3b', container: 'l3-cb' });
    await agentB.networks.remove.mutate({ network: 'l3b' });
    const routes = await distribute();
    expect(routes['host-a']).toEqual([]);
    expect(await kernelRoute(a, '10.62.0.0/24')).toBeNull();
    expect((await agentA.routes.list.query()).routes).toEqual([]);
  });
});

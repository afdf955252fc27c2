import { HostSnapshotSchema, type HostView, type Network, NetworkSchema } from '@underlay/core';
import { describe, expect, it } from 'vitest';
import { createRoutePusher } from '../src/server/fleet/route-distribution';

// The hub's route pusher with a recording stand-in for the hub: who is sent
// what, and when (only on change; never to an offline host, which gets its
// set again when it is back). The routes themselves are core's and the
// agent's, tested there and in the lab.

const l3 = (name: string, subnet: string): Network =>
  NetworkSchema.parse({
    id: name,
    name,
    driver: 'ipvlan',
    mode: 'l3',
    flag: 'bridge',
    parent: 'eth0',
    parentKind: 'existing',
    internal: false,
    ipv4: true,
    ipv6: false,
    subnets: [{ family: 4, subnet }],
    labels: { 'underlay.routes': 'share' },
    options: {},
    created: 'now',
  });
const view = (name: string, address: string, networks: Network[], online = true): HostView => ({
  id: name,
  name,
  online,
  snapshot: HostSnapshotSchema.parse({
    hostname: name,
    networks,
    addresses: [{ dev: 'eth0', address }],
  }),
  drift: [],
});

function recorder() {
  const calls: [string, string, unknown][] = [];
  return {
    calls,
    hub: {
      mutate: async (id: string, path: string, input?: unknown) =>
        void calls.push([id, path, input]),
    },
  };
}

describe('route pusher', () => {
  const a = view('a', '10.60.0.11/24', [l3('na', '10.61.0.0/24')]);
  const b = view('b', '10.60.0.12/24', [l3('nb', '10.62.0.0/24')]);
  const ids = (name: string) => `id-${name}`;

  it('sends each online host its set, then nothing until it changes', async () => {
    const { calls, hub } = recorder();
    const push = createRoutePusher(hub);
    expect((await push([a, b], ids)).pushed).toEqual(['a', 'b']);
    expect(calls[0]).toEqual([
      'id-a',
      'routes.set',
      {
        source: 'hub',
        routes: [
          {
            family: 4,
            dst: '10.62.0.0/24',
            via: '10.60.0.12',
            origin: { host: 'b', network: 'nb' },
          },
        ],
      },
    ]);
    expect((await push([a, b], ids)).pushed).toEqual([]);
    // b drops its network: a's route is withdrawn (an empty set), b has nothing to take.
    const bare = view('b', '10.60.0.12/24', []);
    expect((await push([a, bare], ids)).pushed).toEqual(['a', 'b']);
    expect(calls.at(-2)?.[2]).toEqual({ source: 'hub', routes: [] });
  });

  it('sends no empty set to a host that has no routes installed (nothing to withdraw), but does once it has', async () => {
    const { calls, hub } = recorder();
    const push = createRoutePusher(hub);
    const bare = (name: string, installed: unknown[]) => ({
      ...view(name, '10.60.0.13/24', []),
      snapshot: HostSnapshotSchema.parse({ hostname: name, installedRoutes: installed }),
    });
    expect((await push([bare('c', []), bare('d', [])], ids)).pushed).toEqual([]);
    expect(calls).toEqual([]);
    const installed = {
      family: 4,
      dst: '10.62.0.0/24',
      via: '10.60.0.12',
      origin: { host: 'b', network: 'nb' },
      dev: 'eth0',
      source: 'hub',
      installed: 'now',
    };
    const push2 = createRoutePusher(hub);
    expect((await push2([bare('c', [installed])], ids)).pushed).toEqual(['c']);
    expect(calls).toEqual([['id-c', 'routes.set', { source: 'hub', routes: [] }]]);
  });

  it('skips an offline host, which keeps its routes, and sends its set again when it is back', async () => {
    const { calls, hub } = recorder();
    const push = createRoutePusher(hub);
    await push([a, b], ids);
    calls.length = 0;
    expect((await push([{ ...a, online: false }, b], ids)).pushed).toEqual([]);
    expect((await push([a, b], ids)).pushed).toEqual(['a']);
    expect(calls.map((c) => c[0])).toEqual(['id-a']);
  });

  it('reports a host whose agent refuses the set and carries on with the others', async () => {
    const calls: string[] = [];
    const push = createRoutePusher({
      mutate: async (id) => {
        calls.push(id);
        if (id === 'id-a') throw new Error('ROUTE_CONFLICT');
      },
    });
    const r = await push([a, b], ids);
    expect(r.pushed).toEqual(['b']);
    expect(r.problems).toEqual(['a: ROUTE_CONFLICT']);
    expect(calls).toEqual(['id-a', 'id-b']);
  });
});

import { distributeRoutes, l3HostOf } from '@underlay/core';
import {
  attachLab,
  docker,
  dockerOk,
  networkCreateArgv,
  runDetachedArgv,
  startDockerdOn,
  type LabHost as Guest,
} from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../../src/client';
import {
  containerLinks,
  containerRoutes,
  inspectContainer,
  linkExists,
  pingFrom,
  type ContainerView,
} from '../lab/docker';
import { labHosts, type LabHost } from '../lab/lab-host';

// The seed's other examples (VLAN 10 L2 is in docker.lab.test.ts) through
// `docker network create -d underlay --ipam-driver underlay` on both guests,
// each with a real dockerd (one per guest, reused by every example): a
// container on each host (`docker run -d`), pings across hosts, then
// `docker network disconnect`, `docker rm -f`, `docker network rm`. Each
// host's network gets its own --ip-range (or, in L3, its own subnets), so
// the two hosts' IPAM never hand out the same address. What is checked is
// read in the guests (docker inspect, iproute2 and ping in Docker's sandbox).

let ga: Guest;
let gb: Guest;
let agentA: AgentClient;
let agentB: AgentClient;

beforeAll(async () => {
  const [a, b] = (await labHosts(['host-a', 'host-b'])) as [LabHost, LabHost];
  const lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  [ga, gb] = [lab.host('host-a'), lab.host('host-b')];
  agentA = a.client();
  agentB = b.client();
  await startDockerdOn([ga, gb]); // a no-op where an earlier file started it
}, 400_000);

afterAll(async () => {
  await agentA?.close();
  await agentB?.close();
});

interface Pair {
  a: ContainerView;
  b: ContainerView;
  idA: string;
}

/** Creates `net` on both hosts at once (host-a's flags, host-b's), then a container on each. */
async function bringUp(net: string, flags: [string[], string[]]): Promise<Pair> {
  const [idA] = await Promise.all([
    dockerOk(ga, networkCreateArgv('underlay', net, flags[0])),
    dockerOk(gb, networkCreateArgv('underlay', net, flags[1])),
  ]);
  await Promise.all([
    dockerOk(ga, runDetachedArgv(`${net}-a`, net)),
    dockerOk(gb, runDetachedArgv(`${net}-b`, net)),
  ]);
  const [a, b] = await Promise.all([
    inspectContainer(ga, `${net}-a`, net),
    inspectContainer(gb, `${net}-b`, net),
  ]);
  return { a, b, idA: idA.trim() };
}

/** Disconnects host-a's container (its link leaves the sandbox), removes both containers and networks. */
async function tearDown(net: string, pair: Pair): Promise<void> {
  await dockerOk(ga, ['network', 'disconnect', net, `${net}-a`]);
  expect((await containerLinks(ga, pair.a.sandbox)).map((l) => l.ifname)).toEqual(['lo']);
  expect(
    Object.keys((await agentA.networks.inspect.query({ network: pair.idA })).Containers),
  ).toEqual([]);
  await Promise.all([
    dockerOk(ga, ['rm', '-f', `${net}-a`]),
    dockerOk(gb, ['rm', '-f', `${net}-b`]),
  ]);
  await Promise.all([dockerOk(ga, ['network', 'rm', net]), dockerOk(gb, ['network', 'rm', net])]);
  for (const [g, agent] of [
    [ga, agentA],
    [gb, agentB],
  ] as const) {
    expect(await agent.networks.list.query()).toEqual([]);
    expect((await g.exec(['ip', '-o', 'link', 'show', 'type', 'ipvlan'])).stdout).toBe('');
  }
}

/** Leaves nothing of `net` behind when an example failed midway. */
async function sweep(net: string): Promise<void> {
  await Promise.all([docker(ga, ['rm', '-f', `${net}-a`]), docker(gb, ['rm', '-f', `${net}-b`])]);
  await Promise.all([docker(ga, ['network', 'rm', net]), docker(gb, ['network', 'rm', net])]);
}

/** The container's ipvlan eth0 in its sandbox. */
async function eth0Of(g: Guest, view: ContainerView) {
  return (await containerLinks(g, view.sandbox)).find((l) => l.ifname === 'eth0');
}

const EXAMPLE_MS = 400_000; // a docker run -d takes ~20 s in a guest, more under load

describe('the seed examples through docker network create -d underlay, across two hosts', () => {
  it(
    'IPv6-only L2 on VLAN 20: containers ping each other across hosts over IPv6',
    async () => {
      const v6 = ['--ipv6', '--subnet', '2001:db8:abc8::/64', '--gateway', '2001:db8:abc8::10'];
      const flags = (range: string) => [...v6, '--ip-range', range, '-o', 'parent=eth0.20'];
      try {
        const pair = await bringUp('v6only', [
          flags('2001:db8:abc8::/120'),
          flags('2001:db8:abc8::100/120'),
        ]);
        expect(pair.a.ipv6).toMatch(/^2001:db8:abc8::[0-9a-f]{1,2}$/);
        expect(pair.b.ipv6).toMatch(/^2001:db8:abc8::1[0-9a-f]{2}$/);
        expect((await eth0Of(ga, pair.a))?.linkinfo).toMatchObject({
          info_kind: 'ipvlan',
          info_data: { mode: 'l2' },
        });
        expect(await containerRoutes(ga, pair.a.sandbox, 6)).toMatch(
          /default via 2001:db8:abc8::10 dev eth0/,
        );
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ipv6)).toBe(true);
        expect(await pingFrom(gb, pair.b.sandbox, pair.a.ipv6)).toBe(true);
        await tearDown('v6only', pair);
        expect(await linkExists(ga, 'eth0.20')).toBe(false);
        expect(await linkExists(gb, 'eth0.20')).toBe(false);
      } finally {
        await sweep('v6only');
      }
    },
    EXAMPLE_MS,
  );

  it(
    'dual stack L2 on VLAN 140: containers ping each other across hosts over IPv4 and IPv6',
    async () => {
      const flags = (v4: string, v6: string) => [
        ...['--subnet', '172.16.140.0/24', '--gateway', '172.16.140.1', '--ip-range', v4],
        ...['--ipv6', '--subnet', '2001:db8:abc9::/64', '--gateway', '2001:db8:abc9::1'],
        ...['--ip-range', v6, '-o', 'parent=eth0.140'],
      ];
      try {
        const pair = await bringUp('dual', [
          flags('172.16.140.0/26', '2001:db8:abc9::/120'),
          flags('172.16.140.64/26', '2001:db8:abc9::100/120'),
        ]);
        expect(pair.a.ip).toBe('172.16.140.2'); // .0 network, .1 gateway
        expect(pair.b.ip).toBe('172.16.140.64');
        expect(pair.b.ipv6).toMatch(/^2001:db8:abc9::1[0-9a-f]{2}$/);
        expect(await containerRoutes(gb, pair.b.sandbox, 4)).toMatch(
          /default via 172\.16\.140\.1 dev eth0/,
        );
        expect(await containerRoutes(gb, pair.b.sandbox, 6)).toMatch(
          /default via 2001:db8:abc9::1 dev eth0/,
        );
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ip)).toBe(true);
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ipv6)).toBe(true);
        expect(await pingFrom(gb, pair.b.sandbox, pair.a.ip)).toBe(true);
        expect(await pingFrom(gb, pair.b.sandbox, pair.a.ipv6)).toBe(true);
        await tearDown('dual', pair);
        expect(await linkExists(ga, 'eth0.140')).toBe(false);
      } finally {
        await sweep('dual');
      }
    },
    EXAMPLE_MS,
  );

  it(
    'internal L2 on VLAN 90: containers ping each other across hosts, with no default route',
    async () => {
      const flags = (range: string) => [
        ...['--internal', '--subnet', '172.16.90.0/24', '--ip-range', range],
        ...['-o', 'parent=eth0.90'],
      ];
      try {
        const pair = await bringUp('internal', [flags('172.16.90.0/26'), flags('172.16.90.64/26')]);
        for (const [g, view] of [
          [ga, pair.a],
          [gb, pair.b],
        ] as const) {
          expect(await containerRoutes(g, view.sandbox, 4)).not.toMatch(/default/);
          expect(await containerRoutes(g, view.sandbox, 6)).not.toMatch(/default/);
        }
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ip)).toBe(true);
        expect(await pingFrom(gb, pair.b.sandbox, pair.a.ip)).toBe(true);
        await tearDown('internal', pair);
        expect(await linkExists(gb, 'eth0.90')).toBe(false);
      } finally {
        await sweep('internal');
      }
    },
    EXAMPLE_MS,
  );
});

describe('L3 across two hosts with route distribution', () => {
  // Each host's L3 network (two subnets, as the seed's) hangs off eth0 (the
  // trunk, untagged), not a dummy: a dummy parent isolates, and traffic from
  // another host arrives on eth0, whose ipvlan port hands it to the container.
  // `-o underlay.routes=share` (Docker passes no --label to a driver) shares
  // the subnets. The hub is not in this lab, so the test does what its route
  // pusher does: core's distributeRoutes over both agents' snapshots, each
  // host's set sent through the agent's routes.set. Each guest gets an
  // underlay address on eth0 (10.59.0.1x/24), the next hop of those routes.
  const UNDERLAY = ['10.59.0.11/24', '10.59.0.12/24'] as const;
  const flags = (third: 50 | 51) => [
    ...['--subnet', `10.${third}.1.0/24`, '--subnet', `10.${third}.2.0/24`],
    ...['-o', 'ipvlan_mode=l3', '-o', 'parent=eth0', '-o', 'underlay.routes=share'],
  ];

  it(
    'containers reach each other across hosts once each host routes the other subnets to it',
    async () => {
      await ga.exec(['ip', 'addr', 'add', UNDERLAY[0], 'dev', 'eth0']);
      await gb.exec(['ip', 'addr', 'add', UNDERLAY[1], 'dev', 'eth0']);
      try {
        const pair = await bringUp('l3net', [flags(50), flags(51)]);
        expect(pair.a.ip).toMatch(/^10\.50\.[12]\.1$/); // L3 has no gateway: the first address
        expect(pair.b.ip).toMatch(/^10\.51\.[12]\.1$/);
        expect((await eth0Of(gb, pair.b))?.linkinfo).toMatchObject({
          info_kind: 'ipvlan',
          info_data: { mode: 'l3' },
        });
        expect(await containerRoutes(ga, pair.a.sandbox, 4)).toMatch(/^default dev eth0/m);
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ip)).toBe(false); // no routes yet

        const snapshots = await Promise.all(
          [agentA, agentB].map((agent) => agent.host.snapshot.query({})),
        );
        const { routes, issues } = distributeRoutes([
          l3HostOf('host-a', snapshots[0]!),
          l3HostOf('host-b', snapshots[1]!),
        ]);
        expect(issues).toEqual([]);
        expect(routes['host-a']?.map((r) => `${r.dst} via ${r.via}`).sort()).toEqual([
          '10.51.1.0/24 via 10.59.0.12',
          '10.51.2.0/24 via 10.59.0.12',
        ]);
        await agentA.routes.set.mutate({ routes: routes['host-a'] ?? [] });
        await agentB.routes.set.mutate({ routes: routes['host-b'] ?? [] });
        expect((await ga.exec(['ip', 'route', 'show', '10.51.1.0/24'])).stdout).toMatch(
          /via 10\.59\.0\.12 dev eth0/,
        );
        expect(await pingFrom(ga, pair.a.sandbox, pair.b.ip)).toBe(true);
        expect(await pingFrom(gb, pair.b.sandbox, pair.a.ip)).toBe(true);

        await Promise.all([
          agentA.routes.set.mutate({ routes: [] }),
          agentB.routes.set.mutate({ routes: [] }),
        ]);
        await tearDown('l3net', pair);
        expect((await ga.exec(['ip', 'route', 'show', '10.51.1.0/24'])).stdout).toBe('');
      } finally {
        await agentA.routes.set.mutate({ routes: [] }).catch(() => undefined);
        await agentB.routes.set.mutate({ routes: [] }).catch(() => undefined);
        await sweep('l3net');
        await ga.exec(['ip', 'addr', 'del', UNDERLAY[0], 'dev', 'eth0']);
        await gb.exec(['ip', 'addr', 'del', UNDERLAY[1], 'dev', 'eth0']);
      }
    },
    EXAMPLE_MS,
  );
});

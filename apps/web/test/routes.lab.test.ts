import { attachLab, startAgent, stopAgent, type Lab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/server/db';
import { hubPing } from '../src/server/diag/hub-ping';
import type { ResultCell } from '../src/server/diag/matrix-cells';
import { DEFAULT_LIMITS, runMatrix, type MatrixEvent } from '../src/server/diag/matrix-run';
import { collectHostViews } from '../src/server/fleet/host-views';
import { Hub } from '../src/server/fleet/hub';
import { registerLabHosts } from '../src/server/fleet/lab';
import { getHostByName } from '../src/server/fleet/registry';
import { startRouteDistribution, type RouteDistribution } from '../src/server/fleet/route-service';
import { until } from './support/until';

// The hub's route distribution against two real agents, wired as the server
// wires it (startRouteDistribution on the hub's events): host-a shares an L3
// network 10.61.0.0/24 and host-b one 10.62.0.0/24 (label underlay.routes=
// share); nobody calls routes.set by hand. Underlay addresses on the trunk
// (eth0, untagged): 10.60.0.11/24 and 10.60.0.12/24, added by the test.
// The connectivity matrix then runs over those containers and one on an L3
// network of host-a that is not shared (10.65.0.0/24): its predictions from
// the routes the agents report are compared with pings through the agents.

let lab: Lab;
let hub: Hub;
let routes: RouteDistribution;
const db = openDb(':memory:');
const idOf = (name: string): string => getHostByName(db, name)?.id ?? '';
const UNDERLAY: Record<string, string> = { 'host-a': '10.60.0.11', 'host-b': '10.60.0.12' };
const NETWORKS = [
  { host: 'host-a', name: 'rt61', subnet: '10.61.0.0/24', container: 'rt-ca', ip: '10.61.0.11' },
  { host: 'host-b', name: 'rt62', subnet: '10.62.0.0/24', container: 'rt-cb', ip: '10.62.0.11' },
];

// Not shared (no underlay.routes label): host-b gets no route to it.
const PRIVATE = {
  host: 'host-a',
  name: 'rt65',
  subnet: '10.65.0.0/24',
  container: 'rt-cx',
  ip: '10.65.0.11',
};

const exec = (host: string, argv: string[]) => lab.host(host).exec(argv);

/** host's kernel route to dst (null when none). */
async function kernelRoute(host: string, dst: string): Promise<{ gateway?: string } | null> {
  const r = await exec(host, ['ip', '-json', 'route', 'show', dst]);
  const [route] = JSON.parse(r.stdout || '[]') as { gateway?: string }[];
  return route ?? null;
}

/** Polls an async check (kernel state changes after the debounced push). */
async function eventually(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/** A ping from a container's namespace, run in the guest (not through the agent). */
async function pings(host: string, container: string, address: string): Promise<boolean> {
  const argv = ['ip', 'netns', 'exec', container, 'ping', '-n', '-q', '-c', '2', '-i', '0.2'];
  return (await exec(host, [...argv, '-W', '1', address])).exitCode === 0;
}

const createNetwork = (n: (typeof NETWORKS)[number]) =>
  hub.mutate(
    idOf(n.host),
    'networks.create',
    {
      name: n.name,
      ipam: [{ subnet: n.subnet }],
      options: { parent: 'eth0', ipvlan_mode: 'l3' },
      labels: { 'underlay.routes': 'share' },
    },
    60_000,
  );

beforeAll(async () => {
  lab = await attachLab({ name: inject('labName') });
  registerLabHosts(
    db,
    lab.hosts.map((h) => ({
      name: h.name,
      agentSocket: h.agentSocket,
      tokenPath: `${h.stateDir}/token`,
    })),
  );
  hub = new Hub({ db });
  routes = startRouteDistribution(db, hub, { debounceMs: 300, log: (line) => console.log(line) });
  hub.start();
  await until(
    () => ['host-a', 'host-b'].every((n) => hub.status(idOf(n)).status === 'online'),
    60_000,
  );
  for (const host of ['host-a', 'host-b'])
    await exec(host, ['ip', 'addr', 'add', `${UNDERLAY[host]}/24`, 'dev', 'eth0']);
});

afterAll(async () => {
  routes?.stop();
  for (const n of [...NETWORKS, PRIVATE, { host: 'host-a', name: 'rt63', container: '' }]) {
    const id = idOf(n.host);
    if (n.container) {
      await hub
        ?.mutate(id, 'networks.disconnect', { network: n.name, container: n.container }, 60_000)
        .catch(() => undefined);
      await hub?.mutate(id, 'containers.remove', { container: n.container }).catch(() => {});
    }
    await hub?.mutate(id, 'networks.remove', { network: n.name }, 60_000).catch(() => {});
  }
  for (const host of ['host-a', 'host-b']) {
    await hub?.mutate(idOf(host), 'routes.set', { routes: [] }).catch(() => undefined);
    await exec(host, ['ip', 'addr', 'del', `${UNDERLAY[host]}/24`, 'dev', 'eth0']);
  }
  await hub?.stop();
});

describe('the hub distributes routes between real agents', () => {
  it('gives each host a route to the other host L3 subnet when the networks appear, so containers ping across', async () => {
    for (const n of NETWORKS) {
      await createNetwork(n);
      await hub.mutate(idOf(n.host), 'containers.create', { name: n.container });
      await hub.mutate(
        idOf(n.host),
        'networks.connect',
        { network: n.name, container: n.container, ipv4Address: n.ip },
        60_000,
      );
    }
    await eventually('each kernel routes the other subnet via the other host', async () => {
      const [toB, toA] = [
        await kernelRoute('host-a', '10.62.0.0/24'),
        await kernelRoute('host-b', '10.61.0.0/24'),
      ];
      return toB?.gateway === UNDERLAY['host-b'] && toA?.gateway === UNDERLAY['host-a'];
    });
    expect(await pings('host-a', 'rt-ca', '10.62.0.11')).toBe(true);
    expect(await pings('host-b', 'rt-cb', '10.61.0.11')).toBe(true);
    const listed = (await hub.query(idOf('host-a'), 'routes.list')) as {
      routes: { dst: string; present: boolean; source: string }[];
    };
    expect(listed.routes).toEqual([
      expect.objectContaining({ dst: '10.62.0.0/24', present: true, source: 'hub' }),
    ]);
    expect(routes.last()?.problems).toEqual([]);
  });

  it('the matrix predicts L3 reachability across hosts from the distributed routes, as the pings observe it', async () => {
    const a = idOf('host-a');
    await hub.mutate(
      a,
      'networks.create',
      {
        name: PRIVATE.name,
        ipam: [{ subnet: PRIVATE.subnet }],
        options: { parent: 'eth0', ipvlan_mode: 'l3' },
      },
      60_000,
    );
    await hub.mutate(a, 'containers.create', { name: PRIVATE.container });
    await hub.mutate(
      a,
      'networks.connect',
      { network: PRIVATE.name, container: PRIVATE.container, ipv4Address: PRIVATE.ip },
      60_000,
    );
    const fleet = await collectHostViews(db, hub, { fresh: true }); // as diag.matrix reads it
    const endpoints = fleet.flatMap((h) =>
      h.snapshot.endpoints
        .filter((e) => ['rt-ca', 'rt-cb', 'rt-cx'].includes(e.container))
        .map((e) => ({ hostId: h.id, endpointId: e.id })),
    );
    expect(endpoints).toHaveLength(3);
    const events: MatrixEvent[] = [];
    for await (const event of runMatrix({
      fleet,
      endpoints,
      family: 4,
      count: 2,
      timeoutMs: 1000,
      ping: hubPing(db, hub),
      limits: DEFAULT_LIMITS,
    }))
      events.push(event);
    const containerOf = (ref: { hostId: string; endpointId: string }) =>
      fleet
        .find((h) => h.id === ref.hostId)
        ?.snapshot.endpoints.find((x) => x.id === ref.endpointId)?.container;
    const cells = events.filter((e): e is ResultCell => e.type === 'cell');
    const byPair = Object.fromEntries(
      cells.map((c) => [`${containerOf(c.from)}>${containerOf(c.to)}`, c]),
    );
    const expected: Record<string, [boolean, string]> = {
      'rt-ca>rt-cb': [true, 'L3_ROUTES_DISTRIBUTED'],
      'rt-cb>rt-ca': [true, 'L3_ROUTES_DISTRIBUTED'],
      'rt-cx>rt-cb': [false, 'L3_NO_ROUTE_DISTRIBUTION'],
      'rt-cb>rt-cx': [false, 'L3_NO_ROUTE_DISTRIBUTION'],
      'rt-ca>rt-cx': [true, 'L3_SAME_PARENT'],
      'rt-cx>rt-ca': [true, 'L3_SAME_PARENT'],
    };
    for (const [pair, [reachable, rule]] of Object.entries(expected))
      expect(byPair[pair], pair).toMatchObject({
        predicted: { reachable, rule },
        observed: { reachable },
        verdict: 'match',
      });
    expect(byPair['rt-cb>rt-cx']?.predicted.explanation).toContain(
      'host-b has no distributed route',
    );
    expect(events.at(-1)).toEqual({
      type: 'done',
      summary: { pairs: 6, matches: 6, mismatches: 0, errors: 0 },
    });
  });

  it('refuses a newer subnet overlapping another host shared one, naming both, and changes no route', async () => {
    const b = idOf('host-b');
    const before = {
      a: (await exec('host-a', ['ip', '-json', 'route', 'show'])).stdout,
      b: (await exec('host-b', ['ip', '-json', 'route', 'show'])).stdout,
    };
    const runs = routes.runs();
    await createNetwork({ ...NETWORKS[1]!, name: 'rt66', subnet: '10.61.0.128/25' });
    await until(() => routes.runs() > runs, 30_000);
    await routes.idle();
    expect(routes.last()?.problems).toEqual([
      expect.stringMatching(
        /10\.61\.0\.128\/25 of rt66 on host-b overlaps 10\.61\.0\.0\/24 of rt61 on host-a, which is older/,
      ),
    ]);
    expect((await exec('host-a', ['ip', '-json', 'route', 'show'])).stdout).toBe(before.a);
    expect((await exec('host-b', ['ip', '-json', 'route', 'show'])).stdout).toBe(before.b);
    expect(await pings('host-b', 'rt-cb', '10.61.0.11')).toBe(true);
    await hub.mutate(b, 'networks.remove', { network: 'rt66' }, 60_000);
  });

  it('a host that is away keeps its routes, and is reconciled when it comes back', async () => {
    const b = idOf('host-b');
    await stopAgent(lab, 'host-b');
    try {
      await until(() => hub.status(b).status !== 'online', 30_000);
      // host-a shares one more network while host-b is away.
      await createNetwork({ ...NETWORKS[0]!, name: 'rt63', subnet: '10.63.0.0/24' });
      const runs = routes.runs();
      await until(() => routes.runs() > runs, 30_000);
      await routes.idle();
      // host-a still routes to host-b's subnet (from its last snapshot); host-b's kernel kept its route.
      expect(await kernelRoute('host-a', '10.62.0.0/24')).toMatchObject({
        gateway: UNDERLAY['host-b'],
      });
      expect(await kernelRoute('host-b', '10.61.0.0/24')).toMatchObject({
        gateway: UNDERLAY['host-a'],
      });
      expect(await kernelRoute('host-b', '10.63.0.0/24')).toBeNull();
    } finally {
      await startAgent(lab, 'host-b');
    }
    await until(() => hub.status(b).status === 'online', 60_000);
    await eventually(
      'host-b gets the route to 10.63.0.0/24',
      async () => (await kernelRoute('host-b', '10.63.0.0/24'))?.gateway === UNDERLAY['host-a'],
    );
    expect(await kernelRoute('host-b', '10.61.0.0/24')).toMatchObject({
      gateway: UNDERLAY['host-a'],
    });
    expect(await pings('host-b', 'rt-cb', '10.61.0.11')).toBe(true);
  });

  // host-b shared only rt62: without it, it leaves the L3 fleet (README, "Route distribution":
  // a host that shares a network takes the others' routes), so its own routes go too. The
  // pusher sends host-a's set, then host-b's; both are awaited (checking host-b right after
  // host-a's withdrawal raced with that second push).
  it('withdraws the route on host-a when host-b removes its network, and host-b leaves the L3 fleet', async () => {
    const b = idOf('host-b');
    await hub.mutate(b, 'networks.disconnect', { network: 'rt62', container: 'rt-cb' }, 60_000);
    await hub.mutate(b, 'networks.remove', { network: 'rt62' }, 60_000);
    await eventually(
      'host-a has no route to 10.62.0.0/24',
      async () => (await kernelRoute('host-a', '10.62.0.0/24')) === null,
    );
    await eventually(
      'host-b, which shares nothing now, has no route to host-a subnets',
      async () =>
        (await kernelRoute('host-b', '10.61.0.0/24')) === null &&
        (await kernelRoute('host-b', '10.63.0.0/24')) === null,
    );
    await routes.idle();
    for (const host of ['host-a', 'host-b']) {
      const listed = (await hub.query(idOf(host), 'routes.list')) as { routes: unknown[] };
      expect(listed.routes, host).toEqual([]);
    }
    expect(routes.last()?.problems).toEqual([]);
  });
});

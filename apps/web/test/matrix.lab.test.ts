import { attachLab, type Lab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/server/db';
import { hubPing } from '../src/server/diag/hub-ping';
import type { ResultCell } from '../src/server/diag/matrix-cells';
import { DEFAULT_LIMITS, runMatrix, type MatrixEvent } from '../src/server/diag/matrix-run';
import { resolveSelection } from '../src/server/diag/matrix-selection';
import { collectHostViews } from '../src/server/fleet/host-views';
import { Hub } from '../src/server/fleet/hub';
import { registerLabHosts } from '../src/server/fleet/lab';
import { getHostByName } from '../src/server/fleet/registry';
import { until } from './support/until';

// The connectivity matrix against two real agents: VLAN 10 on both hosts
// (static addresses: each agent allocates on its own), VLAN 20 on host-a, and
// every ordered pair pinged through the hub, exactly as diag.matrix runs it.

let lab: Lab;
let hub: Hub;
const db = openDb(':memory:');
const idOf = (name: string): string => getHostByName(db, name)?.id ?? '';

const SETUP = [
  {
    host: 'host-a',
    network: 'mx-vlan10',
    parent: 'eth0.10',
    subnet: '172.16.80.0/24',
    gateway: '172.16.80.1',
    container: 'mx10',
    ip: '172.16.80.11',
  },
  {
    host: 'host-b',
    network: 'mx-vlan10',
    parent: 'eth0.10',
    subnet: '172.16.80.0/24',
    gateway: '172.16.80.1',
    container: 'mx10',
    ip: '172.16.80.12',
  },
  {
    host: 'host-a',
    network: 'mx-vlan20',
    parent: 'eth0.20',
    subnet: '172.16.90.0/24',
    gateway: '172.16.90.1',
    container: 'mx20',
    ip: '172.16.90.11',
  },
];

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
  hub.start();
  await until(
    () => ['host-a', 'host-b'].every((n) => hub.status(idOf(n)).status === 'online'),
    60_000,
  );
  for (const s of SETUP) {
    const id = idOf(s.host);
    await hub.mutate(
      id,
      'networks.create',
      {
        name: s.network,
        options: { parent: s.parent },
        ipam: [{ subnet: s.subnet, gateway: s.gateway }],
      },
      60_000,
    );
    await hub.mutate(id, 'containers.create', { name: s.container });
    await hub.mutate(
      id,
      'networks.connect',
      { network: s.network, container: s.container, ipv4Address: s.ip },
      60_000,
    );
  }
});

afterAll(async () => {
  for (const s of SETUP) {
    const id = idOf(s.host);
    await hub
      ?.mutate(id, 'networks.disconnect', { network: s.network, container: s.container }, 60_000)
      .catch(() => undefined);
    await hub?.mutate(id, 'containers.remove', { container: s.container }).catch(() => undefined);
    await hub?.mutate(id, 'networks.remove', { network: s.network }, 60_000).catch(() => undefined);
  }
  await hub?.stop();
});

describe('connectivity matrix against real agents', () => {
  it('observes VLAN 10 reachable across hosts and VLAN 10 ↔ 20 isolated, as predicted', async () => {
    const fleet = await collectHostViews(db, hub, { fresh: true }); // as diag.matrix reads it
    const endpoints = [
      ...resolveSelection({ kind: 'vlan', vlanId: 10 }, fleet),
      ...resolveSelection({ kind: 'vlan', vlanId: 20 }, fleet),
    ];
    expect(endpoints).toHaveLength(3);
    const started = Date.now();
    const events: MatrixEvent[] = [];
    for await (const event of runMatrix({
      fleet,
      endpoints,
      family: 4,
      count: 1,
      timeoutMs: 1000,
      ping: hubPing(db, hub),
      limits: DEFAULT_LIMITS,
    }))
      events.push(event);
    const seconds = (Date.now() - started) / 1000;
    console.log(`matrix: 6 pairs through 2 agents in ${seconds.toFixed(1)} s`);

    const containerOf = (ref: { hostId: string; endpointId: string }) => {
      const host = fleet.find((h) => h.id === ref.hostId);
      const e = host?.snapshot.endpoints.find((x) => x.id === ref.endpointId);
      return `${e?.container}@${host?.name}`;
    };
    const cells = events.filter((e): e is ResultCell => e.type === 'cell');
    const byPair = new Map(cells.map((c) => [`${containerOf(c.from)}>${containerOf(c.to)}`, c]));
    for (const pair of ['mx10@host-a>mx10@host-b', 'mx10@host-b>mx10@host-a']) {
      expect(byPair.get(pair)).toMatchObject({
        observed: { reachable: true },
        predicted: { reachable: true, rule: 'SAME_SEGMENT_SAME_SUBNET' },
        verdict: 'match',
      });
      expect(byPair.get(pair)?.observed.rttMs).toBeGreaterThan(0);
    }
    for (const pair of [
      'mx10@host-a>mx20@host-a',
      'mx20@host-a>mx10@host-a',
      'mx10@host-b>mx20@host-a',
      'mx20@host-a>mx10@host-b',
    ]) {
      expect(byPair.get(pair)).toMatchObject({
        observed: { reachable: false },
        predicted: { reachable: false, rule: 'DIFFERENT_VLAN' },
        verdict: 'match',
      });
      expect(byPair.get(pair)?.observed.error).toBeUndefined();
    }
    expect(events[0]).toEqual({ type: 'progress', done: 0, total: 6 });
    expect(events.at(-1)).toEqual({
      type: 'done',
      summary: { pairs: 6, matches: 6, mismatches: 0, errors: 0 },
    });
  });
});

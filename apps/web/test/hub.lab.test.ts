import { attachLab, startAgent, stopAgent, type Lab } from '@underlay/lab';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDb } from '../src/server/db';
import { Hub, type HubEvent } from '../src/server/fleet/hub';
import { registerLabHosts } from '../src/server/fleet/lab';
import { getHostByName } from '../src/server/fleet/registry';
import { testConnection } from '../src/server/fleet/test-connection';
import { until } from './support/until';

// The hub's links against the real agents of a two-host lab: online state and
// host info, a network created on both hosts through the hub with each host's
// event arriving on the feed, an agent stopped (reported as reconnecting with
// the next try, calls refused at once) and started again.

declare module 'vitest' {
  export interface ProvidedContext {
    labName: string;
  }
}

let lab: Lab;
let hub: Hub;
const events: HubEvent[] = [];
const db = openDb(':memory:');

const idOf = (name: string): string => getHostByName(db, name)?.id ?? '';

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
  hub.feed.listen((e) => events.push(e.event));
  hub.start();
  await until(() => ['host-a', 'host-b'].every((n) => hub.status(idOf(n)).info !== null), 60_000);
});

afterAll(async () => {
  await hub?.stop();
});

describe('hub against real agents', () => {
  it('brings both hosts online with their kernel and capabilities', () => {
    for (const name of ['host-a', 'host-b']) {
      const status = hub.status(idOf(name));
      expect(status).toMatchObject({ status: 'online', summary: null, info: { hostname: name } });
      expect(status.info?.kernel).toMatch(/^6\.1\./);
      expect(status.info?.capabilities).toMatchObject({ ipvlan: true, vlan8021q: true });
    }
  });

  it('creates a network on both hosts, relays each agent event, and pings across hosts through the hub', async () => {
    const request = {
      name: 'hub-vlan30',
      options: { parent: 'eth0.30' },
      ipam: [{ subnet: '172.16.30.0/24' }],
    };
    for (const name of ['host-a', 'host-b']) {
      const created = (await hub.mutate(idOf(name), 'networks.create', request, 60_000)) as {
        network: { parent: string; vlanId: number };
      };
      expect(created.network).toMatchObject({ parent: 'eth0.30', vlanId: 30 });
    }
    await until(
      () =>
        ['host-a', 'host-b'].every((n) =>
          events.some(
            (e) =>
              e.kind === 'agent' &&
              e.host === n &&
              (e.event as { type?: string }).type === 'network.created',
          ),
        ),
      10_000,
    );
    // One container per host on VLAN 30, static addresses (each agent allocates on its own), pinged through the hub.
    const addresses: Record<string, string> = {
      'host-a': '172.16.30.11',
      'host-b': '172.16.30.12',
    };
    for (const name of ['host-a', 'host-b']) {
      await hub.mutate(idOf(name), 'containers.create', { name: 'hubc' });
      await hub.mutate(
        idOf(name),
        'networks.connect',
        { network: 'hub-vlan30', container: 'hubc', ipv4Address: addresses[name] },
        60_000,
      );
    }
    const ping = (await hub.query(
      idOf('host-a'),
      'diag.ping',
      { container: 'hubc', target: '172.16.30.12', count: 2, timeoutMs: 1000 },
      15_000,
    )) as { ok: boolean; received: number };
    expect(ping).toMatchObject({ ok: true });
    expect(ping.received).toBeGreaterThan(0);
    for (const name of ['host-a', 'host-b']) {
      await hub.mutate(
        idOf(name),
        'networks.disconnect',
        { network: 'hub-vlan30', container: 'hubc' },
        60_000,
      );
      await hub.mutate(idOf(name), 'containers.remove', { container: 'hubc' });
      await hub.mutate(idOf(name), 'networks.remove', { network: 'hub-vlan30' }, 60_000);
    }
  });

  it('refuses a wrong token with a clear reason', async () => {
    const host = lab.host('host-a');
    expect(await testConnection({ address: host.agentSocket, token: 'not-the-token' })).toEqual({
      ok: false,
      error: 'the agent refused the token',
    });
  });

  it('reports a stopped agent as reconnecting, refuses calls at once, and reconnects when it is back', async () => {
    const id = idOf('host-b');
    await stopAgent(lab, 'host-b');
    try {
      await until(
        () => hub.status(id).status === 'reconnecting' && hub.status(id).nextRetryAt !== null,
        30_000,
      );
      expect(hub.status(id).summary).toMatch(/^reconnecting, next try in \d+ s/);
      const started = Date.now();
      await expect(hub.query(id, 'host.info')).rejects.toThrow(/reconnecting/);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(hub.status(idOf('host-a')).status).toBe('online');
    } finally {
      await startAgent(lab, 'host-b');
    }
    await until(() => hub.status(id).status === 'online', 60_000);
    expect(await hub.query(id, 'host.info')).toMatchObject({ hostname: 'host-b' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EtcdServer, startEtcd } from '@underlay/fleet-store/etcd-server';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentConfig } from '../../src/cli/agent-config';
import { createAgentClient } from '../../src/client';
import { parseFleetStoreFlag } from '../../src/fleet/flag';
import { startAgent } from '../../src/server/start-agent';
import { fakeKernel } from '../fake-kernel';

// `--fleet-store`, `fleetStore.configure` and `fleetStore.status` over the
// agent's API, against a real etcd (Debian's etcd-server) on loopback.

let etcd: EtcdServer;
const dir = mkdtempSync(join(tmpdir(), 'underlay-fsapi-'));
beforeAll(async () => {
  etcd = await startEtcd();
}, 60_000);
afterAll(async () => {
  await etcd?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('--fleet-store', () => {
  it('reads none and etcd members; refuses anything else naming the flag', () => {
    expect(parseFleetStoreFlag('none')).toEqual({ kind: 'none' });
    expect(parseFleetStoreFlag('etcd://192.0.2.1:2379,192.0.2.2:2379')).toEqual({
      kind: 'etcd',
      endpoints: ['http://192.0.2.1:2379', 'http://192.0.2.2:2379'],
    });
    expect(agentConfig({ fleetStore: 'etcd://192.0.2.1:2379' }).fleetStore).toBe(
      'etcd://192.0.2.1:2379',
    );
    expect(() => agentConfig({ fleetStore: 'http://192.0.2.1:2379' })).toThrow(
      /--fleet-store: expected "none" or etcd:\/\/HOST:PORT/,
    );
  });
});

describe('fleetStore.configure / status', () => {
  it('configures etcd at run time, claims through it, keeps the choice across a restart', async () => {
    const kernel = fakeKernel();
    const links = await kernel.hostLinks();
    kernel.hostLinks = async () => [
      ...links,
      { name: 'eth0.20', kind: 'vlan', parent: 'eth0', vlanId: 20, mtu: 1500, up: true },
    ];
    const options = {
      stateDir: join(dir, 's'),
      socket: join(dir, 'a.sock'),
      logLevel: 'silent' as const,
    };
    const deps = {
      kernel,
      logger: pino({ level: 'silent' }),
      reconcile: false,
      hostname: 'host-x',
    };
    let agent = await startAgent(options, deps);
    let client = createAgentClient({ host: agent.socket, token: agent.token });
    try {
      expect(await client.fleetStore.status.query()).toMatchObject({ kind: 'none', where: null });
      await client.networks.create.mutate({
        name: 'v20',
        options: { parent: 'eth0.20' },
        ipam: [{ subnet: '10.20.0.0/24', gateway: '10.20.0.1' }],
      });
      await client.containers.create.mutate({ name: 'x1' });
      await client.networks.connect.mutate({ network: 'v20', container: 'x1' }); // before: local IPAM
      const status = await client.fleetStore.configure.mutate({
        kind: 'etcd',
        endpoints: [etcd.endpoint],
      });
      expect(status).toMatchObject({ kind: 'etcd', where: `etcd at ${etcd.endpoint}` });
      await client.containers.create.mutate({ name: 'x2' });
      const { endpoint } = await client.networks.connect.mutate({
        network: 'v20',
        container: 'x2',
      });
      const after = await client.fleetStore.status.query();
      expect(after.reachable).toBe(true);
      const segment = after.segments.find((s) => s.segment.includes('vlan=20'))!;
      expect(segment.adopted).toBe(true);
      // x1's address (adopted) and x2's are both in blocks held by host-x.
      const used = segment.blocks.reduce((n, b) => n + b.used, 0);
      expect(used).toBe(2);
      expect(endpoint.ipv4Address).not.toBe('10.20.0.2/24');
      const inspect = await client.networks.inspect.query({ network: 'v20' });
      expect(inspect.FleetIpam?.[0]?.blocks.length).toBeGreaterThan(0);
    } finally {
      await client.close();
      await agent.close();
    }
    // Restarted without the flag: the configured store comes back from the state.
    agent = await startAgent(options, deps);
    client = createAgentClient({ host: agent.socket, token: agent.token });
    try {
      expect(await client.fleetStore.status.query()).toMatchObject({ kind: 'etcd' });
    } finally {
      await client.close();
      await agent.close();
    }
  }, 60_000);
});

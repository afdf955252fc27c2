import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { AgentClient } from '../src/client';
import { labAgent, type LabHost } from './lab/lab-host';

// A plain parent missing at start-up leaves its network degraded (Docker only
// warns, once); the link watch restores it when the interface comes back.
// And the guest's agent refuses a WebSocket without the token.

let a: LabHost;
let agent: AgentClient;

beforeAll(async () => ({ host: a, agent } = await labAgent()));

afterAll(async () => {
  await agent?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function statusOf(client: AgentClient, name: string): Promise<string | undefined> {
  return (await client.networks.list.query()).find((n) => n.name === name)?.status;
}

describe('degraded networks', () => {
  it('a missing plain parent degrades its network at start; the network is restored when the link appears', async () => {
    await a.exec(['ip', 'link', 'add', 'link', 'eth0', 'name', 'up45', 'type', 'vlan', 'id', '45']);
    await a.exec(['ip', 'link', 'set', 'up45', 'up']);
    try {
      const { network } = await agent.networks.create.mutate({
        name: 'plain45',
        options: { parent: 'up45' },
        ipam: [{ subnet: '192.168.45.0/24' }],
      });
      expect(network.parentKind).toBe('existing');
      await agent.close();
      await a.stopAgent();
      await a.exec(['ip', 'link', 'del', 'up45']);
      await a.startAgent();
      agent = a.client();
      expect(await statusOf(agent, 'plain45')).toBe('degraded');
      expect((await agent.networks.inspect.query({ network: 'plain45' })).Degraded).toBe(true);
      // the agent never makes a plain parent: it is still missing
      expect((await a.exec(['ip', 'link', 'show', 'up45'])).exitCode).not.toBe(0);

      await a.exec([
        'ip',
        'link',
        'add',
        'link',
        'eth0',
        'name',
        'up45',
        'type',
        'vlan',
        'id',
        '45',
      ]);
      await a.exec(['ip', 'link', 'set', 'up45', 'up']);
      let status = await statusOf(agent, 'plain45');
      for (let i = 0; i < 50 && status !== 'ok'; i++) {
        await sleep(200);
        status = await statusOf(agent, 'plain45');
      }
      expect(status).toBe('ok');
      await agent.containers.create.mutate({ name: 'p45' });
      await agent.networks.connect.mutate({ network: 'plain45', container: 'p45' });
      await agent.containers.remove.mutate({ container: 'p45' });
      await agent.networks.remove.mutate({ network: 'plain45' });
      // the agent never deletes a parent it did not make
      expect((await a.exec(['ip', 'link', 'show', 'up45'])).exitCode).toBe(0);
    } finally {
      await agent.networks.remove.mutate({ network: 'plain45' }).catch(() => undefined);
      await a.exec(['ip', 'link', 'del', 'up45']);
    }
  });
});

describe('auth through the relay', () => {
  it('closes a WebSocket without the token (1008) and serves one with it', async () => {
    const code = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`ws+unix://${a.agentSocket}:/`);
      ws.on('open', () =>
        ws.send(JSON.stringify({ id: 1, method: 'query', params: { path: 'networks.list' } })),
      );
      ws.on('close', (c) => resolve(c));
      ws.on('error', reject);
    });
    expect(code).toBe(1008);
    const token = readFileSync(a.tokenFile, 'utf8').trim();
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(await agent.host.info.query()).toMatchObject({ hostname: 'host-a', version: '0.1.0' });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient } from '../src/client';
import { createAgentHttpClient } from '../src/connection/http-client';
import { startAgent, type RunningAgent } from '../src/server/start-agent';
import { fakeKernel, type FakeKernel } from './fake-kernel';

// tRPC over plain HTTP on the agent's socket (the CLI's one-shot calls):
// the same token check and the same error shape as over WebSocket. The
// kernel is a stand-in, so these tests need no root.

let dir: string;
let agent: RunningAgent;
let kernel: FakeKernel;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-agent-http-'));
  kernel = fakeKernel();
  agent = await startAgent(
    { stateDir: join(dir, 'state'), socket: join(dir, 'agent.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
});

afterAll(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One raw request on the agent's socket: status, content type and body. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: agent.socket, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? '',
          body: text,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const create = JSON.stringify({ name: 'httpnet', ipam: [{ subnet: '10.77.0.0/24' }] });

describe('tRPC over HTTP: the token', () => {
  it('refuses a request without a token (401, UNAUTHORIZED) and runs nothing', async () => {
    const r = await raw(
      'POST',
      '/trpc/networks.create',
      { 'content-type': 'application/json' },
      create,
    );
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body).error.data.code).toBe('UNAUTHORIZED');
    expect(agent.services.networks.list()).toEqual([]);
  });

  it('refuses a wrong token, and one of another length, the same way', async () => {
    for (const token of ['f'.repeat(64), 'short']) {
      const r = await raw(
        'POST',
        '/trpc/networks.create',
        { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        create,
      );
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.data.code).toBe('UNAUTHORIZED');
    }
    expect(agent.services.networks.list()).toEqual([]);
  });
});

describe('tRPC over HTTP: answers', () => {
  it('answers a query and a mutation with the token', async () => {
    const client = createAgentHttpClient({ address: agent.socket, token: agent.token });
    const info = (await client.query('host.info')) as { interfaces: { name: string }[] };
    expect(info.interfaces.map((i) => i.name)).toEqual(['eth0']);
    await client.mutation('networks.create', JSON.parse(create));
    expect(agent.services.networks.list().map((n) => n.name)).toEqual(['httpnet']);
    await client.mutation('networks.remove', { network: 'httpnet' });
    expect(agent.services.networks.list()).toEqual([]);
  });

  it('gives an error the same shape as over WebSocket', async () => {
    const bad = { name: 'x', ipam: [{ subnet: '224.1.0.0/24' }] };
    const overHttp = createAgentHttpClient({ address: agent.socket, token: agent.token });
    const overWs = createAgentClient({ host: agent.socket, token: agent.token });
    try {
      const [viaHttp, viaWs] = await Promise.all([
        overHttp.mutation('networks.create', bad).catch((e: unknown) => e),
        overWs.networks.create.mutate(bad).catch((e: unknown) => e),
      ]);
      const shape = (e: unknown) => {
        const { message, code, data } = (
          e as { shape: { message: string; code: number; data: Record<string, unknown> } }
        ).shape;
        return { message, code, domain: data.domain, trpc: data.code, httpStatus: data.httpStatus };
      };
      expect(shape(viaHttp)).toEqual(shape(viaWs));
      expect(shape(viaHttp).domain).toBeDefined();
    } finally {
      await overWs.close();
    }
    expect(agent.services.networks.list()).toEqual([]);
  });

  it('still answers other plain requests with 426', async () => {
    const r = await raw('GET', '/');
    expect(r.status).toBe(426);
  });
});

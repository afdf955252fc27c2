import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createAgentClient } from '../src/client';
import { startAgent, type RunningAgent } from '../src/server/start-agent';
import { CloseCode } from '../src/connection';
import { fakeKernel } from './fake-kernel';

// The API surface without a kernel: auth, socket mode, events replay. The
// kernel is a stand-in, so these tests need no root.

let dir: string;
let agent: RunningAgent;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-agent-'));
  agent = await startAgent(
    { stateDir: join(dir, 'state'), socket: join(dir, 'run', 'agent.sock'), logLevel: 'silent' },
    { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
  );
});

afterAll(async () => {
  await agent.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a raw WebSocket the way tRPC does and reports how it ends. */
function rawConnect(
  params: Record<string, unknown> | null,
): Promise<{ code: number; messages: string[] }> {
  const url = `ws+unix://${agent.socket}:/${params ? '?connectionParams=1' : ''}`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: string[] = [];
    ws.on('open', () => {
      if (params) ws.send(JSON.stringify({ method: 'connectionParams', data: params }));
      ws.send(
        JSON.stringify({ id: 1, method: 'query', params: { path: 'host.info', input: undefined } }),
      );
    });
    ws.on('message', (m) => messages.push(String(m)));
    ws.on('close', (code) => resolve({ code, messages }));
    ws.on('error', reject);
  });
}

describe('auth', () => {
  it('makes a 64-hex-digit token, mode 0600, and a 0600 socket', () => {
    expect(agent.token).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(join(dir, 'state', 'token'), 'utf8').trim()).toBe(agent.token);
    expect(statSync(join(dir, 'state', 'token')).mode & 0o777).toBe(0o600);
    expect(statSync(agent.socket).mode & 0o777).toBe(0o600);
    expect(statSync(agent.socket).isSocket()).toBe(true);
  });

  it('closes a connection without connectionParams (1008) and runs nothing', async () => {
    const { code, messages } = await rawConnect(null);
    expect(code).toBe(CloseCode.unauthorized);
    expect(messages.join('')).not.toContain('"result"');
  });

  it('closes a connection with a wrong token (1008)', async () => {
    const { code, messages } = await rawConnect({ token: 'f'.repeat(64) });
    expect(code).toBe(CloseCode.unauthorized);
    expect(messages.join('')).not.toContain('"result"');
  });

  it('closes a connection with a token of another length (1008)', async () => {
    expect((await rawConnect({ token: 'short' })).code).toBe(CloseCode.unauthorized);
  });

  it('serves a client that presents the token', async () => {
    const client = createAgentClient({ host: agent.socket, token: agent.token });
    try {
      const info = await client.host.info.query();
      expect(info.version).toBe('0.1.0');
      expect(info.interfaces.map((i) => i.name)).toEqual(['eth0']);
      expect(info.interfaces[0]?.addresses).toEqual(['192.0.2.11/24']);
    } finally {
      await client.close();
    }
  });

  it('keeps the token across restarts', async () => {
    // A restart, not a second agent beside the first: that one is refused (single-writer.test.ts).
    const token = agent.token;
    await agent.close();
    agent = await startAgent(
      { stateDir: join(dir, 'state'), socket: join(dir, 'run', 'agent.sock'), logLevel: 'silent' },
      { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
    );
    expect(agent.token).toBe(token);
  });
});

describe('events', () => {
  it('replays the events after lastEventId, then streams live ones', async () => {
    const first = agent.services.events.publish({ type: 'link.up', link: 'eth0' });
    agent.services.events.publish({ type: 'link.down', link: 'eth0.10' });
    agent.services.events.publish({ type: 'link.up', link: 'eth0.10' });
    const client = createAgentClient({ host: agent.socket, token: agent.token });
    const seen: { id: string; type: string; link?: string }[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const sub = client.events.stream.subscribe(
        { lastEventId: first.id },
        {
          onData: ({ id, data }) => {
            seen.push({ id, type: data.type, ...('link' in data ? { link: data.link } : {}) });
            if (seen.length === 3) {
              sub.unsubscribe();
              resolve();
            }
          },
          onStarted: () =>
            setTimeout(
              () => agent.services.events.publish({ type: 'link.added', link: 'eth0.20' }),
              50,
            ),
          onError: reject,
        },
      );
    });
    await done;
    await client.close();
    expect(seen.map((e) => `${e.type} ${e.link}`)).toEqual([
      'link.down eth0.10',
      'link.up eth0.10',
      'link.added eth0.20',
    ]);
    expect(Number(seen[0]?.id)).toBe(Number(first.id) + 1);
  });
});

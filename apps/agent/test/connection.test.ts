import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIo } from '../src/cli/io';
import { resolveTarget } from '../src/cli/target';
import { createAgentClient } from '../src/client';
import {
  CloseCode,
  agentUrl,
  closeCodeOf,
  createAgentWsClient,
  parseAgentAddress,
} from '../src/connection';
import { startAgent, type RunningAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// The connection module every client of the agent uses: addresses, the close
// codes as the real server sends them, and TLS with a custom CA (hub, tests
// and the CLI) against the real agent's wss:// listener, kernel stand-in.

describe('parseAgentAddress', () => {
  it.each([
    [
      '/run/underlay/agent.sock',
      'ws+unix:///run/underlay/agent.sock:/',
      'unix:///run/underlay/agent.sock',
    ],
    ['unix:///run/a.sock', 'ws+unix:///run/a.sock:/', 'unix:///run/a.sock'],
    ['run/../a.sock', 'ws+unix:///home/u/a.sock:/', 'unix:///home/u/a.sock'],
    ['./a.sock', 'ws+unix:///home/u/a.sock:/', 'unix:///home/u/a.sock'],
    ['ws://10.0.0.1:7420', 'ws://10.0.0.1:7420', 'ws://10.0.0.1:7420'],
    ['wss://agent.example:7420', 'wss://agent.example:7420', 'wss://agent.example:7420'],
    ['tcp://10.0.0.1:7420', 'ws://10.0.0.1:7420', 'ws://10.0.0.1:7420'],
    ['10.0.0.1:7420', 'ws://10.0.0.1:7420', 'ws://10.0.0.1:7420'],
    ['[fd00::1]:7420', 'ws://[fd00::1]:7420', 'ws://[fd00::1]:7420'],
  ])('%s → %s', (host, url, display) => {
    expect(parseAgentAddress(host, '/home/u')).toMatchObject({ url, display });
  });

  it.each(['', 'http://x:1', 'unix://'])('refuses %j', (host) => {
    expect(parseAgentAddress(host, '/')).toBeUndefined();
  });

  it('passes a ws+unix URL through agentUrl', () => {
    expect(agentUrl('ws+unix:///a.sock:/')).toBe('ws+unix:///a.sock:/');
    expect(agentUrl('/a.sock')).toBe('ws+unix:///a.sock:/');
  });
});

let dir: string;
let agent: RunningAgent;
let ca: string;
const port = 20_000 + (process.pid % 20_000);
const wssUrl = `wss://localhost:${port}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-conn-'));
  // One self-signed certificate, its own CA (argv only, no shell).
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
  agent = await startAgent(
    {
      stateDir: join(dir, 'state'),
      socket: join(dir, 'agent.sock'),
      listen: `127.0.0.1:${port}`,
      tlsCert: join(dir, 'cert.pem'),
      tlsKey: join(dir, 'key.pem'),
      logLevel: 'silent',
    },
    { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
  );
}, 30_000);

afterAll(async () => {
  await agent?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Opens a bare ws client and resolves with how its first connection ends. */
function firstClose(opts: { address: string; token: string; tlsCa?: string }) {
  return new Promise<{ code?: number; error?: string }>((resolve) => {
    const ws = createAgentWsClient(opts, {
      retryDelayMs: () => 60_000,
      onError: (event) => {
        resolve({ error: String((event as { error?: Error })?.error?.message ?? event) });
        void ws.close();
      },
      onClose: (cause) => {
        resolve({ code: closeCodeOf(cause) });
        void ws.close();
      },
    });
  });
}

describe('TLS with a custom CA', () => {
  it('reaches a wss:// agent whose certificate the CA signed (typed client)', async () => {
    const client = createAgentClient({ host: wssUrl, token: agent.token, tlsCa: ca });
    try {
      expect((await client.host.info.query()).version).toBe('0.1.0');
    } finally {
      await client.close();
    }
  });

  it('refuses the same agent without the CA', async () => {
    const ended = await firstClose({ address: wssUrl, token: agent.token });
    expect(ended.error ?? '').toMatch(/self.signed|certificate/i);
  });

  it('lets the CLI reach it with --tls-ca FILE', async () => {
    const target = resolveTarget({
      host: wssUrl,
      tlsCa: join(dir, 'cert.pem'),
      env: { UNDERLAY_TOKEN: agent.token },
      cwd: dir,
    });
    const api = await processIo(async () => ({ close: async () => {} })).connect(target);
    try {
      expect(await api.query('host.info')).toMatchObject({ version: '0.1.0' });
    } finally {
      await api.close();
    }
  });
});

describe('close codes', () => {
  it('is CloseCode.unauthorized that the agent sends for a wrong token', async () => {
    expect(await firstClose({ address: agent.socket, token: 'f'.repeat(64) })).toEqual({
      code: CloseCode.unauthorized,
    });
  });

  it('is CloseCode.restarting that the agent sends when it stops', async () => {
    const other = await startAgent(
      { stateDir: join(dir, 'state2'), socket: join(dir, 'b.sock'), logLevel: 'silent' },
      { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
    );
    const codes: (number | undefined)[] = [];
    const client = createAgentClient({
      host: other.socket,
      token: other.token,
      onClose: (cause) => codes.push(closeCodeOf(cause)),
      retryDelayMs: () => 60_000,
    });
    await client.host.info.query();
    await other.close();
    await expect.poll(() => codes).toContain(CloseCode.restarting);
    await client.close();
  });
});

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Ipam } from '@underlay/core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startAgent } from '../src/server/start-agent';
import { openDb } from '../src/store';
import { privateSocket, throughApi } from '../src/server/warm-up-api';
import { armCrashHook, armedCrashHook } from '../src/service/journal';
import { fakeKernel } from './fake-kernel';
import type { Kernel } from '../src/kernel/port';

/** `kernel` with the name of every method called on it pushed to `calls`. */
function spied<K extends Kernel>(kernel: K, calls: string[]): K {
  return new Proxy(kernel, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        calls.push(String(key));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

// The warm-up at start (server/warm-up.ts, warm-up-api.ts): it runs the pure
// parts of the common operations and, before listening, one query through the
// agent's own API handler on a private socket, and changes nothing. It also rehearses network and container
// create/remove through an API handler of throwaway parts (server/warm-up-rehearsal.ts), which must leave the agent's
// own kernel and records untouched. The kernel is a stand-in; its figures are docs/perf.md's.

/** A debug logger whose lines land, parsed, in `lines`. */
function capturing<Line>() {
  const lines: Line[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as Line) },
  );
  return { lines, logger };
}

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the warm-up at start', () => {
  it('plans a plain and a VLAN network, serves itself the network list six times with its token through the API before it listens, then closes that socket, and hands the kernel nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const { lines, logger } = capturing<{ msg?: string; path?: string; ok?: boolean }>();
    const kernel = fakeKernel();
    const agent = await startAgent(
      { stateDir: join(dir, 'state'), socket: join(dir, 'agent.sock'), logLevel: 'debug' },
      { kernel, logger, reconcile: false, warmUp: true },
    );
    try {
      const msgs = lines.map((l) => l.msg);
      expect(msgs).not.toContain('warm-up stopped early');
      expect(msgs).not.toContain('refused a request without a valid token');
      const listed = lines.findIndex((l) => l.msg === 'call timing' && l.path === 'networks.list');
      expect(listed).toBeGreaterThan(-1);
      expect(listed).toBeLessThan(msgs.indexOf('agent listening'));
      // Six of them, all before it listens (warm-up-api.ts: what a call runs is optimised by then).
      const lists = lines.filter((l) => l.msg === 'call timing' && l.path === 'networks.list');
      expect(lists).toHaveLength(6);
      expect(lines.indexOf(lists[5]!)).toBeLessThan(msgs.indexOf('agent listening'));
      expect(existsSync(`${agent.socket}.warm-up`)).toBe(false);
      expect(lines[listed]?.ok).toBe(true);
      // Plans, plain and with a VLAN parent to make on the first NIC (eth0.4094 here), both answered, nothing run.
      const plans = lines.filter((l) => l.msg === 'call timing' && l.path === 'networks.plan');
      expect(plans.map((l) => l.ok)).toEqual([true, true]);
      expect(kernel.batches).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it("rehearses with a crash test's hook armed, and leaves it armed for the agent's own first operation", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const state = join(dir, 'state');
    mkdirSync(state);
    // A step past every plan: spent, it would not kill; so a rehearsal that took it shows as a hook disarmed.
    const hook = { operation: 'networks.create', afterStep: 99 };
    writeFileSync(join(state, 'test-crash.json'), JSON.stringify(hook));
    const { lines, logger } = capturing<{ msg?: string; ran?: string[] }>();
    const agent = await startAgent(
      { stateDir: state, socket: join(dir, 'agent.sock'), logLevel: 'debug' },
      { kernel: fakeKernel(), logger, reconcile: false, warmUp: true },
    );
    try {
      expect(lines.find((l) => l.msg === 'warm-up rehearsed')?.ran).toHaveLength(12);
      expect(armedCrashHook()).toEqual(hook);
    } finally {
      armCrashHook(state, agent.services.deps.db); // its file is gone: disarmed for the tests after
      await agent.close();
    }
  });

  it("writes a journal row and deletes it in one transaction on the agent's own database before it listens: the first operation's write is not the database's first, and no row is left", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const state = join(dir, 'state');
    const journalIds: number[] = [];
    for (let start = 0; start < 2; start++) {
      const agent = await startAgent(
        { stateDir: state, socket: join(dir, 'agent.sock') },
        { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false, warmUp: true },
      );
      try {
        const { db } = agent.services.deps;
        // AUTOINCREMENT keeps the highest id ever given: each start's warm-up took one, and left no row.
        const seq = db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'journal'").get() as
          { seq: number } | undefined;
        journalIds.push(seq?.seq ?? 0);
        expect(db.prepare('SELECT count(*) AS n FROM journal').get()).toEqual({ n: 0 });
      } finally {
        await agent.close();
      }
    }
    expect(journalIds).toEqual([1, 2]);
  });

  it('starts all the same when that journal write fails, saying so', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const state = join(dir, 'state');
    mkdirSync(state);
    // A database whose journal refuses every insert: the warm-up's write fails, nothing else at start writes there.
    const db = openDb(state);
    db.exec(
      "CREATE TRIGGER no_journal BEFORE INSERT ON journal BEGIN SELECT RAISE(ABORT, 'journal refused'); END",
    );
    db.close();
    const { lines, logger } = capturing<{ msg?: string; err?: string }>();
    const agent = await startAgent(
      { stateDir: state, socket: join(dir, 'agent.sock') },
      { kernel: fakeKernel(), logger, reconcile: false, warmUp: true },
    );
    try {
      const warned = lines.find((l) => l.msg === 'warm-up of the journal stopped early');
      expect(warned?.err).toBe('journal refused');
      expect(lines.map((l) => l.msg)).toContain('agent listening');
    } finally {
      await agent.close();
    }
  });

  it('sends its calls as the CLI does (a POST of JSON with the token, the input read from the body) to a private socket it removes after, even when a call fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const socket = join(dir, 'agent.sock');
    const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];
    const api = (req: IncomingMessage, res: ServerResponse): boolean => {
      const request = {
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body: '',
      };
      seen.push(request);
      req.on('data', (chunk: Buffer) => (request.body += chunk.toString()));
      req.on('end', () => {
        const ok = request.url?.includes('containers.create');
        res.writeHead(ok ? 200 : 400, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify([
            ok
              ? { result: { data: { answered: true } } }
              : { error: { message: 'refused', code: -32600, data: { code: 'BAD_REQUEST' } } },
          ]),
        );
      });
      return true;
    };
    const answer = await throughApi(api, socket, 'tok', async (calls) => {
      expect(existsSync(privateSocket(socket))).toBe(true);
      return calls.mutate('containers.create', { name: 'c1' });
    });
    expect(answer).toEqual({ answered: true });
    expect(seen).toEqual([
      {
        method: 'POST',
        url: '/trpc/containers.create?batch=1',
        auth: 'Bearer tok',
        body: JSON.stringify({ 0: { name: 'c1' } }),
      },
    ]);
    expect(existsSync(privateSocket(socket))).toBe(false);
    await expect(
      throughApi(api, socket, 'tok', (calls) => calls.mutate('networks.remove', { network: 'n1' })),
    ).rejects.toThrow('refused');
    expect(existsSync(privateSocket(socket))).toBe(false);
  });

  it('rehearses network and container create/remove through the API on throwaway parts: the agent kernel is only read, its records and events stay empty', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const { lines, logger } = capturing<{ msg?: string; ran?: string[] }>();
    const calls: string[] = [];
    const kernel = spied(fakeKernel(), calls);
    // Which IPAM each network went into: `this` of every addNetwork.
    const added = vi.spyOn(Ipam.prototype, 'addNetwork');
    const agent = await startAgent(
      { stateDir: join(dir, 'state'), socket: join(dir, 'agent.sock'), logLevel: 'debug' },
      { kernel, logger, reconcile: false, warmUp: true },
    );
    try {
      const msgs = lines.map((l) => l.msg);
      expect(msgs).not.toContain('warm-up rehearsal stopped early');
      const rehearsed = lines.find((l) => l.msg === 'warm-up rehearsed');
      // Three rounds, so that what every call runs is optimised before the agent listens.
      const round = [
        'networks.create',
        'containers.create',
        'containers.remove',
        'networks.remove',
      ];
      expect(rehearsed?.ran).toEqual([...round, ...round, ...round]);
      expect(msgs.indexOf('warm-up rehearsed')).toBeLessThan(msgs.indexOf('agent listening'));
      // The agent's kernel: host reads only (the warm-up's plans, the rehearsal's copy of the links), no change.
      expect(new Set(calls)).toEqual(new Set(['hostLinks', 'hostAddresses']));
      expect(kernel.batches).toEqual([]);
      // The agent's records: none of the rehearsal's rows, no event for `underlay events`, no journal row.
      const { db } = agent.services.deps;
      for (const table of [
        'networks',
        'containers',
        'owned_links',
        'allocations',
        'events',
        'journal',
      ])
        expect(db.prepare(`SELECT count(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
      expect(await agent.services.networks.list()).toEqual([]);
      // The agent's IPAM: the rehearsal's network went into another one.
      expect(added.mock.contexts.length).toBeGreaterThan(0);
      expect(added.mock.contexts).not.toContain(agent.services.deps.ipam);
    } finally {
      added.mockRestore();
      await agent.close();
    }
  });
});

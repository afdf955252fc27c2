import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { startAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// The warm-up at start (server/warm-up.ts, warm-up-api.ts): it runs the pure
// parts of the common operations and, before listening, one query through the
// agent's own API handler on a private socket, and changes nothing. The kernel is a stand-in; its figures are docs/perf.md's.

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the warm-up at start', () => {
  it('plans a plain and a VLAN network, serves itself the network list with its token through the API before it listens, then closes that socket, and hands the kernel nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'underlay-warm-up-'));
    dirs.push(dir);
    const lines: { msg?: string; path?: string; ok?: boolean }[] = [];
    const logger = pino(
      { level: 'debug' },
      { write: (line: string) => lines.push(JSON.parse(line)) },
    );
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
});

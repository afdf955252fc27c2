import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IN_USE_HOLD_MS, IN_USE_WAIT_MS } from '../src/service/connect';
import { startAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// The connect's answer to EADDRINUSE (an address underlay freed that a
// vanishing namespace's link still holds on the parent; the real kernel's
// refusal is covered by the CNI and Podman lab tests): a dynamic address is
// held back and another one handed out at once, a static one is tried again
// for a while. Every connect path (CLI, dashboard, CNI ADD) goes through it.

let dir: string;
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

async function agentRefusing(refused: Set<string>) {
  dir = mkdtempSync(join(tmpdir(), 'underlay-inuse-'));
  const kernel = fakeKernel();
  let refusals = 0;
  kernel.failWhen = (op) =>
    op.op === 'addrAdd' && refused.has(op.address) ? (refusals++, 'EADDRINUSE') : undefined;
  const agent = await startAgent(
    { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
  const s = agent.services;
  await s.networks.create({
    name: 'n',
    options: { parent: 'eth0' },
    ipam: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1' }],
  });
  for (const name of ['c1', 'c2', 'c3']) await s.containers.create({ name });
  return { agent, s, refusals: () => refusals };
}

describe('connect: an address the kernel still refuses (EADDRINUSE)', () => {
  it('dynamic: holds the refused address back and hands out the next one at once; frees it after the hold', async () => {
    const refused = new Set(['10.9.0.2/24']);
    const { agent, s, refusals } = await agentRefusing(refused);
    try {
      // Only setTimeout is faked (the hold's timer); the connects themselves do not sleep.
      vi.useFakeTimers({ toFake: ['setTimeout'] });
      const first = await s.networks.connect({ network: 'n', container: 'c1' });
      expect(first.endpoint.ipv4Address).toBe('10.9.0.3/24');
      expect(refusals()).toBe(1);
      // Still held: the next connect does not try it again, and nobody may ask for it.
      const second = await s.networks.connect({ network: 'n', container: 'c2' });
      expect(second.endpoint.ipv4Address).toBe('10.9.0.4/24');
      expect(refusals()).toBe(1);
      refused.clear();
      const asked = { network: 'n', container: 'c3', ipv4Address: '10.9.0.2' };
      await expect(s.networks.connect(asked)).rejects.toThrow(/10\.9\.0\.2/);
      vi.advanceTimersByTime(IN_USE_HOLD_MS);
      const third = await s.networks.connect(asked);
      expect(third.endpoint.ipv4Address).toBe('10.9.0.2/24');
    } finally {
      await agent.close();
    }
  });

  it('static: tries again until the kernel lets the address go, then fails naming EADDRINUSE', async () => {
    const refused = new Set(['10.9.0.7/24']);
    const { agent, s, refusals } = await agentRefusing(refused);
    try {
      setTimeout(() => refused.clear(), 600);
      const ok = await s.networks.connect({
        network: 'n',
        container: 'c1',
        ipv4Address: '10.9.0.7',
      });
      expect(ok.endpoint.ipv4Address).toBe('10.9.0.7/24');
      expect(refusals()).toBeGreaterThan(1);
      refused.add('10.9.0.8/24');
      const started = Date.now();
      await expect(
        s.networks.connect({ network: 'n', container: 'c2', ipv4Address: '10.9.0.8' }),
      ).rejects.toThrow(/EADDRINUSE/);
      expect(Date.now() - started).toBeGreaterThanOrEqual(IN_USE_WAIT_MS - 300);
      // Nothing is kept of the failed static connect: the address is free for another try.
      refused.clear();
      const again = await s.networks.connect({
        network: 'n',
        container: 'c2',
        ipv4Address: '10.9.0.8',
      });
      expect(again.endpoint.ipv4Address).toBe('10.9.0.8/24');
    } finally {
      await agent.close();
    }
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgentClient } from '../src/client';
import { startAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// Metrics, health and graceful shutdown, with a kernel stand-in (no root).

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-life-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('agent lifecycle', () => {
  it('serves /metrics and /healthz on the opt-in listener, counting operations', async () => {
    const dir = tempDir();
    const agent = await startAgent(
      {
        stateDir: join(dir, 's'),
        socket: join(dir, 'a.sock'),
        metricsListen: '127.0.0.1:0',
        logLevel: 'silent',
      },
      { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
    );
    try {
      expect(agent.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createAgentClient({ host: agent.socket, token: agent.token });
      await client.containers.create.mutate({ name: 'm1' });
      await client.close();
      const health = await fetch(`${agent.metricsUrl}/healthz`);
      expect(health.status).toBe(200);
      const text = await (await fetch(`${agent.metricsUrl}/metrics`)).text();
      expect(text).toMatch(
        /underlay_operations_total\{operation="containers.create",outcome="ok"\} 1/,
      );
      expect(text).toMatch(/underlay_kernel_processes_total 2/); // netns add, then lo up inside it
      expect(text).toContain('underlay_connected_clients');
      // prom-client's process figures, with their event-loop monitor, come with the listener.
      expect(text).toContain('underlay_agent_nodejs_eventloop_lag_seconds');
    } finally {
      await agent.close();
    }
  });

  it('keeps no process figures (no event-loop monitor) without a /metrics listener', async () => {
    const dir = tempDir();
    const agent = await startAgent(
      { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
      { kernel: fakeKernel(), logger: pino({ level: 'silent' }), reconcile: false },
    );
    try {
      expect(
        agent.services.deps.metrics.registry.getSingleMetric(
          'underlay_agent_nodejs_eventloop_lag_seconds',
        ),
      ).toBeUndefined();
    } finally {
      await agent.close();
    }
  });

  it('finishes the running operation before it stops, and refuses new ones meanwhile', async () => {
    const dir = tempDir();
    const kernel = fakeKernel();
    const slow = kernel.runBatch.bind(kernel);
    kernel.runBatch = async (batch) => {
      await new Promise((r) => setTimeout(r, 300));
      return slow(batch);
    };
    const agent = await startAgent(
      { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
      { kernel, logger: pino({ level: 'silent' }), reconcile: false },
    );
    const running = agent.services.containers.create({ name: 'slow' });
    await new Promise((r) => setTimeout(r, 50));
    const closing = agent.close();
    await expect(agent.services.containers.create({ name: 'late' })).rejects.toThrow(
      /shutting down/,
    );
    await expect(running).resolves.toMatchObject({ name: 'slow', origin: 'created' });
    await closing;
    expect(kernel.batches.flatMap((b) => b.ops.map((o) => o.op))).toEqual([
      'netnsAdd',
      'linkSetUp',
    ]);
  });

  it('checks drift every few seconds: found, kept for host.snapshot, announced, cleared; no queue time while none is found', async () => {
    const dir = tempDir();
    const kernel = fakeKernel();
    // The stand-in lists no namespace: a connected endpoint's namespace reads as gone (as if deleted by hand).
    const agent = await startAgent(
      {
        stateDir: join(dir, 's'),
        socket: join(dir, 'a.sock'),
        metricsListen: '127.0.0.1:0',
        logLevel: 'silent',
        driftCheckSeconds: 1,
      },
      { kernel, logger: pino({ level: 'silent' }) },
    );
    const client = createAgentClient({ host: agent.socket, token: agent.token });
    const announced: string[] = [];
    const bus = agent.services.events;
    const publish = bus.publish.bind(bus);
    bus.publish = (event) => (announced.push(event.type), publish(event));
    const drift = async () =>
      (await client.host.snapshot.query({ addresses: false, containerLinks: false })).drift ?? [];
    const until = async (ok: () => Promise<boolean>) => {
      for (let i = 0; i < 150 && !(await ok()); i++) await new Promise((r) => setTimeout(r, 100));
      expect(await ok()).toBe(true);
    };
    try {
      await client.networks.create.mutate({
        name: 'n',
        options: { parent: 'eth0' },
        ipam: [{ subnet: '10.9.0.0/24' }],
      });
      await client.containers.create.mutate({ name: 'c1' });
      await new Promise((r) => setTimeout(r, 1500));
      const checks = async () =>
        (await (await fetch(`${agent.metricsUrl}/metrics`)).text()).match(
          /underlay_operations_total\{operation="drift.check",outcome="ok"\} (\d+)/,
        )?.[1];
      expect(await checks()).toBeUndefined(); // healthy: the read outside the queue found nothing
      expect(await drift()).toEqual([]);

      await client.networks.connect.mutate({ network: 'n', container: 'c1' });
      await until(async () => (await drift()).some((d) => d.kind === 'netns-missing'));
      expect(Number(await checks())).toBeGreaterThanOrEqual(1);
      expect(announced.filter((t) => t.startsWith('drift.'))).toEqual(['drift.found']);

      await client.containers.remove.mutate({ container: 'c1' });
      await until(async () => (await drift()).length === 0);
      expect(announced.filter((t) => t.startsWith('drift.'))).toEqual([
        'drift.found',
        'drift.cleared',
      ]);
    } finally {
      await client.close();
      await agent.close();
    }
  });

  it('stops a background drift read when an operation is queued, and reads that namespace again after the next quiet spell', async () => {
    const dir = tempDir();
    const kernel = fakeKernel();
    // Namespaces exist once made; the first read of one never answers unless it is stopped, the later ones answer.
    kernel.netnsList = async () =>
      kernel.batches.flatMap((b) => b.ops.flatMap((o) => (o.op === 'netnsAdd' ? [o.name] : [])));
    const reads: { netns: string; signal: AbortSignal | undefined }[] = [];
    kernel.namespaceState = (netns, signal) => {
      reads.push({ netns, signal });
      if (reads.length > 1)
        return Promise.resolve({
          links: [{ name: 'lo', kind: 'loopback', parent: null, mtu: 65536, up: true }],
          addresses: [],
        });
      return new Promise((_, reject) =>
        signal?.addEventListener('abort', () => reject(new Error('stopped')), { once: true }),
      );
    };
    const agent = await startAgent(
      {
        stateDir: join(dir, 's'),
        socket: join(dir, 'a.sock'),
        logLevel: 'silent',
        driftCheckSeconds: 1,
      },
      { kernel, logger: pino({ level: 'silent' }) },
    );
    const client = createAgentClient({ host: agent.socket, token: agent.token });
    const until = async (ok: () => boolean) => {
      for (let i = 0; i < 150 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(ok()).toBe(true);
    };
    try {
      await client.networks.create.mutate({
        name: 'n',
        options: { parent: 'eth0' },
        ipam: [{ subnet: '10.9.0.0/24' }],
      });
      await client.containers.create.mutate({ name: 'c1' });
      await client.networks.connect.mutate({ network: 'n', container: 'c1' });
      await until(() => reads.length === 1); // after the quiet spell, the background read of c1's namespace is in flight
      expect(reads[0]?.signal?.aborted).toBe(false);
      await client.containers.create.mutate({ name: 'c2' });
      expect(reads[0]?.signal?.aborted).toBe(true);
      await until(() => reads.length >= 2);
      expect(reads[1]?.netns).toBe(reads[0]?.netns);
      // The stopped read said nothing about the namespace: it is not reported gone.
      const drift =
        (await client.host.snapshot.query({ addresses: false, containerLinks: false })).drift ?? [];
      expect(drift.filter((d) => d.kind === 'netns-missing')).toEqual([]);
    } finally {
      await client.close();
      await agent.close();
    }
  });
});

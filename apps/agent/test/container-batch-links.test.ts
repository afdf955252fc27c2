import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, expect, it } from 'vitest';
import { namesALink } from '../src/kernel/netlink-kernel';
import { startAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// The netlink kernel ends a container batch by listing the namespace's links
// only when the batch names a link: a connect records that link's MAC from
// the listing (the lab tests check the MAC against the kernel), and the other
// container batches skip its cost. This runs the agent's real plans and
// checks which of the batches they hand the kernel would be listed.

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it("lists a container's links after a connect's batch in it, and after no other container batch", async () => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-batch-links-'));
  const kernel = fakeKernel();
  const agent = await startAgent(
    { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
  try {
    const s = agent.services;
    const batchesOf = async (run: () => Promise<unknown>) => {
      const before = kernel.batches.length;
      await run();
      return kernel.batches.slice(before).filter((b) => b.netns !== undefined);
    };
    await s.networks.create({
      name: 'n',
      options: { parent: 'eth0' },
      ipam: [{ subnet: '10.9.0.0/24', gateway: '10.9.0.1' }],
    });
    const create = await batchesOf(() => s.containers.create({ name: 'c1' }));
    const connect = await batchesOf(() => s.networks.connect({ network: 'n', container: 'c1' }));
    const disconnect = await batchesOf(() =>
      s.networks.disconnect({ network: 'n', container: 'c1' }),
    );

    // Each operation ran a batch in the container's namespace.
    for (const batches of [create, connect, disconnect]) expect(batches).toHaveLength(1);
    expect(create.map((b) => namesALink(b.ops))).toEqual([false]);
    expect(connect.map((b) => namesALink(b.ops))).toEqual([true]);
    expect(disconnect.map((b) => namesALink(b.ops))).toEqual([false]);
  } finally {
    await agent.close();
  }
});

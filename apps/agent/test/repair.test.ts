import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent } from '../src/server/start-agent';
import { fakeKernel } from './fake-kernel';

// Repair's reconnect deletes what is left of a drifted endpoint's link first.
// That delete is a plan step now: its failure is reported (it used to be
// swallowed, and the reconnect then ran against a link still in the way).
// Reconnecting on a real kernel is agent.lab.test.ts's drift-and-repair test.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function agentWithDriftedEndpoint() {
  const dir = mkdtempSync(join(tmpdir(), 'underlay-repair-'));
  dirs.push(dir);
  const kernel = fakeKernel();
  const agent = await startAgent(
    { stateDir: join(dir, 's'), socket: join(dir, 'a.sock'), logLevel: 'silent' },
    { kernel, logger: pino({ level: 'silent' }), reconcile: false },
  );
  const { networks, containers } = agent.services;
  await networks.create({
    name: 'n1',
    options: { parent: 'eth0' },
    ipam: [{ subnet: '10.9.0.0/24' }],
  });
  await containers.create({ name: 'c1' });
  await networks.connect({ network: 'n1', container: 'c1' });
  // The namespace is there and holds an eth0 whose state is not the endpoint's: drift, and a reconnect.
  kernel.netnsList = async () => ['c1'];
  kernel.containerLinks = async () => ['lo', 'eth0'];
  kernel.namespaceState = async () => ({
    links: [
      {
        name: 'eth0',
        kind: 'ipvlan',
        parent: null,
        mtu: 1500,
        up: true,
        ipvlanMode: 'l3',
        ipvlanFlag: 'bridge',
      },
    ],
    addresses: [],
  });
  kernel.batches.length = 0;
  return { agent, kernel };
}

describe('repair', () => {
  it('deletes the drifted link as a plan step and reports its failure instead of going on', async () => {
    const { agent, kernel } = await agentWithDriftedEndpoint();
    try {
      kernel.failWhen = (op) => (op.op === 'linkDel' ? 'EPERM' : undefined);
      await expect(agent.services.networks.repair()).rejects.toThrow(
        /linkDel eth0 \(in c1\).*EPERM/,
      );
      // nothing was connected again after the failure, and the record is still there for the next repair
      expect(kernel.batches.flatMap((b) => b.ops.map((o) => o.op))).toEqual([]);
      expect(agent.services.networks.list()[0]?.endpoints).toBe(1);
    } finally {
      await agent.close();
    }
  });

  it('deletes the drifted link, then connects the container again', async () => {
    const { agent, kernel } = await agentWithDriftedEndpoint();
    try {
      const result = await agent.services.networks.repair();
      expect(result.reconnected).toEqual(['c1']);
      const ops = kernel.batches.flatMap((b) => b.ops.map((o) => o.op));
      expect(ops[0]).toBe('linkDel');
      expect(ops).toContain('linkAdd');
    } finally {
      await agent.close();
    }
  });
});

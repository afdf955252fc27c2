import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';
import { killAgent, recordsVsKernel } from './lab/records-match';

// Crash consistency under load (issue 16): 20 containers each doing
// disconnect-then-connect at once, the agent SIGKILLed in the middle of the
// burst, five rounds, the agent restarting each time. An operation cut by the
// crash must be finished or undone at start-up, so drift is empty and the
// records match the kernel without anyone running repair.

const COUNT = 20;
const NET = 'burst77';
const names = Array.from({ length: COUNT }, (_, i) => `k${i}`);
// After how many settled operations each round's kill lands (a round has up to 40): early
// disconnects, late disconnects, the turn to connects, mid connects.
const KILL_AFTER = [3, 11, 19, 25, 33];

let host: LabHost;
let agent: AgentClient;

beforeAll(async () => ({ host, agent } = await labAgent()));

afterAll(() => removeMade(agent, { containers: names, networks: [NET] }));

/** One round: every container disconnects (when connected) then connects, all at once; the agent dies after `killAfter` settle (or just before the last). */
async function round(killAfter: number): Promise<{ settled: number; failed: number }> {
  const connected = new Set(
    (await agent.containers.list.query()).filter((c) => c.endpoints.length > 0).map((c) => c.name),
  );
  // A round after a crash may hold fewer connected containers, so fewer operations: the kill still lands before the end.
  const at = Math.min(killAfter, connected.size + COUNT - 1);
  let settled = 0;
  let failed = 0;
  let killed: Promise<void> | undefined;
  const count = <T>(p: Promise<T>): Promise<T> =>
    p.finally(() => {
      settled++;
      if (settled === at) killed = killAgent(host);
    });
  const chains = names.map(async (container) => {
    try {
      if (connected.has(container))
        await count(agent.networks.disconnect.mutate({ network: NET, container }));
      await count(agent.networks.connect.mutate({ network: NET, container }));
    } catch {
      failed++;
    }
  });
  // Calls cut by the kill never answer on this connection: stop waiting once the kill is done.
  while (!killed) await new Promise((r) => setTimeout(r, 50));
  await killed;
  await agent.close();
  await Promise.race([Promise.allSettled(chains), new Promise((r) => setTimeout(r, 5000))]);
  await host.startAgent(); // waits until the restarted agent answers
  agent = host.client();
  return { settled, failed };
}

describe('crash in a burst of disconnect-then-connect', () => {
  it('leaves no drift and records equal to the kernel after five SIGKILLs, without a repair', async () => {
    await agent.networks.create.mutate({
      name: NET,
      options: { parent: 'eth0.77' },
      ipam: [{ subnet: '10.77.0.0/24' }],
    });
    for (const name of names) {
      await agent.containers.create.mutate({ name });
      await agent.networks.connect.mutate({ network: NET, container: name });
    }
    for (const killAfter of KILL_AFTER) {
      const r = await round(killAfter);
      console.log(`round: killed after ${killAfter}; ${r.settled} settled, ${r.failed} chains cut`);
    }
    const drift = await agent.networks.drift.query();
    const mismatches = await recordsVsKernel(host, agent);
    expect({ drift, mismatches }).toEqual({ drift: [], mismatches: [] });
  }, 600_000);
});

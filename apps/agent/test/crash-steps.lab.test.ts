import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient, type AgentClient } from '../src/client';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';
import { killAgent, recordsVsKernel } from './lab/records-match';

// A SIGKILL at every step (issue 16): for each operation and each N from 0 to
// its step count, the agent's test hook (service/journal.ts: a file in the
// state directory, read once at start) kills the agent once N steps are done
// in the kernel, before the journal records them. After the restart, with no
// repair: drift is empty, the records match the kernel, and the operation is
// either fully done or fully undone. N past the last step lets it finish,
// which ends the walk.

let host: LabHost;
let agent: AgentClient;

beforeAll(async () => ({ host, agent } = await labAgent()));

afterAll(() =>
  removeMade(agent, { containers: ['cs1', 'cs2', 'cs3'], networks: ['csn', 'csc', 'csr'] }),
);

/** Restarts the agent (SIGKILL; the init loop starts it again) and reconnects once it answers. */
async function restart(): Promise<void> {
  await agent.close();
  await killAgent(host);
  await host.startAgent();
  agent = host.client();
}

/** Runs `call` on an agent armed to die after `afterStep` steps of `operation`: whether it died. */
async function cut(
  operation: string,
  afterStep: number,
  call: (client: AgentClient) => Promise<unknown>,
): Promise<boolean> {
  writeFileSync(
    join(dirname(host.tokenFile), 'test-crash.json'),
    JSON.stringify({ operation, afterStep }),
  );
  await restart();
  // A client that does not reconnect: a call cut by the kill must fail, not be sent again.
  const readToken = readFileSync(host.tokenFile, 'utf8').trim();
  const once = createAgentClient({
    host: host.agentSocket,
    token: readToken,
    retryDelayMs: () => 600_000,
  });
  let died = false;
  try {
    await call(once);
  } catch {
    died = true;
  } finally {
    await once.close();
  }
  if (died) {
    await host.startAgent(); // the init loop restarts it: wait until it answers
    agent.close().catch(() => undefined);
    agent = host.client();
  }
  return died;
}

const links = async (netns?: string): Promise<string[]> =>
  (
    JSON.parse(
      (await host.exec(['ip', ...(netns ? ['-n', netns] : []), '-json', 'link', 'show'])).stdout,
    ) as { ifname: string }[]
  ).map((l) => l.ifname);
const namespaces = async (): Promise<string[]> =>
  (await host.exec(['ip', 'netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0] ?? '');

/** After a restart: no drift, records = kernel; returns whether the object is there (records and kernel agree on it). */
async function consistent(present: () => Promise<[boolean, boolean]>): Promise<boolean> {
  expect(await agent.networks.drift.query()).toEqual([]);
  expect(await recordsVsKernel(host, agent)).toEqual([]);
  const [recorded, inKernel] = await present();
  expect({ recorded, inKernel }).toEqual({ recorded, inKernel: recorded });
  return recorded;
}

interface Case {
  operation: string;
  /** Brings the host to where the operation starts (from a clean slate). */
  before(): Promise<void>;
  call(client: AgentClient): Promise<unknown>;
  /** Is the operation's object there: [in the records, in the kernel]. */
  present(): Promise<[boolean, boolean]>;
  /** Whether "present" means done (create, connect) or undone (disconnect, rm). */
  makes: boolean;
  /** Back to a clean slate. */
  after(): Promise<unknown>;
}

const quiet = (p: Promise<unknown>) => p.catch(() => undefined);
const hasNetwork = async (name: string, parent: string): Promise<[boolean, boolean]> => [
  (await agent.networks.list.query()).some((n) => n.name === name),
  (await links()).includes(parent),
];
const hasContainer = async (name: string): Promise<[boolean, boolean]> => [
  (await agent.containers.list.query()).some((c) => c.name === name),
  (await namespaces()).includes(name),
];
const hasEndpoint = async (container: string): Promise<[boolean, boolean]> => [
  (await agent.containers.list.query()).some((c) => c.name === container && c.endpoints.length > 0),
  (await links(container)).includes('eth0'),
];
const net = (name: string, vid: number) => ({
  name,
  options: { parent: `eth0.${vid}` },
  ipam: [{ subnet: `10.${vid}.0.0/24` }],
});

const cases: Case[] = [
  {
    operation: 'networks.create',
    before: async () => undefined,
    call: (c) => c.networks.create.mutate(net('csc', 63)),
    present: () => hasNetwork('csc', 'eth0.63'),
    makes: true,
    after: () => quiet(agent.networks.remove.mutate({ network: 'csc' })),
  },
  {
    operation: 'containers.create',
    before: async () => undefined,
    call: (c) => c.containers.create.mutate({ name: 'cs1' }),
    present: () => hasContainer('cs1'),
    makes: true,
    after: () => quiet(agent.containers.remove.mutate({ container: 'cs1' })),
  },
  {
    operation: 'networks.connect',
    before: async () => {
      await agent.networks.create.mutate(net('csn', 61));
      await agent.containers.create.mutate({ name: 'cs2' });
    },
    call: (c) => c.networks.connect.mutate({ network: 'csn', container: 'cs2' }),
    present: () => hasEndpoint('cs2'),
    makes: true,
    after: async () => {
      await quiet(agent.containers.remove.mutate({ container: 'cs2' }));
      await quiet(agent.networks.remove.mutate({ network: 'csn' }));
    },
  },
  {
    operation: 'networks.disconnect',
    before: async () => {
      await agent.networks.create.mutate(net('csn', 61));
      await agent.containers.create.mutate({ name: 'cs2' });
      await agent.networks.connect.mutate({ network: 'csn', container: 'cs2' });
    },
    call: (c) => c.networks.disconnect.mutate({ network: 'csn', container: 'cs2' }),
    present: () => hasEndpoint('cs2'),
    makes: false,
    after: async () => {
      await quiet(agent.containers.remove.mutate({ container: 'cs2' }));
      await quiet(agent.networks.remove.mutate({ network: 'csn' }));
    },
  },
  {
    operation: 'containers.remove',
    before: async () => {
      await agent.networks.create.mutate(net('csn', 61));
      await agent.containers.create.mutate({ name: 'cs3' });
      await agent.networks.connect.mutate({ network: 'csn', container: 'cs3' });
    },
    call: (c) => c.containers.remove.mutate({ container: 'cs3' }),
    present: () => hasContainer('cs3'),
    makes: false,
    after: async () => {
      await quiet(agent.containers.remove.mutate({ container: 'cs3' }));
      await quiet(agent.networks.remove.mutate({ network: 'csn' }));
    },
  },
  {
    operation: 'networks.remove',
    before: async () => void (await agent.networks.create.mutate(net('csr', 62))),
    call: (c) => c.networks.remove.mutate({ network: 'csr' }),
    present: () => hasNetwork('csr', 'eth0.62'),
    makes: false,
    after: () => quiet(agent.networks.remove.mutate({ network: 'csr' })),
  },
];

describe('a SIGKILL at every step of an operation', () => {
  for (const c of cases) {
    it(`${c.operation}: after the restart it is fully done or fully undone, with no drift`, async () => {
      const outcomes: string[] = [];
      for (let step = 0; ; step++) {
        await c.before();
        const died = await cut(c.operation, step, c.call);
        const there = await consistent(c.present);
        outcomes.push(`${step}:${died ? (there === c.makes ? 'done' : 'undone') : 'ran'}`);
        await c.after();
        expect(await recordsVsKernel(host, agent)).toEqual([]);
        if (!died) break;
        expect(step).toBeLessThan(12); // every plan here has fewer steps
      }
      console.log(`${c.operation}: ${outcomes.join(' ')}`);
      expect(outcomes.length).toBeGreaterThan(1); // the hook fired at least once
    }, 900_000);
  }
});

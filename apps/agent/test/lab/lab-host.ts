import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  attachLab,
  rebootHost,
  startAgent,
  stopAgent,
  type Lab,
  type ExecResult,
} from '@underlay/lab';
import { createAgentClient, type AgentClient } from '../../src/client';

// A lab guest as the agent's lab tests use it: its agent through the relayed
// unix socket with the token from its state directory, its exec channel,
// and stopping/starting its agent (waiting until it really is down or up).

export interface LabHost {
  name: string;
  /** The relayed unix socket of the guest's agent. */
  agentSocket: string;
  /** Host path of the guest's token file. */
  tokenFile: string;
  client(): AgentClient;
  exec(argv: string[]): Promise<ExecResult>;
  stopAgent(): Promise<void>;
  startAgent(): Promise<void>;
  /** Powers the guest off and boots it again (its state directory survives), until its agent answers. */
  reboot(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True when the guest's agent answers host.info through the relay. */
async function answers(socket: string, token: string): Promise<boolean> {
  const client = createAgentClient({ host: socket, token, retryDelayMs: () => 60_000 });
  try {
    const info = await Promise.race([
      client.host.info.query().then(() => true),
      sleep(3000).then(() => false),
    ]);
    return info;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(300);
  }
  throw new Error(`timed out waiting until ${what}`);
}

function wrap(lab: Lab, name: string): LabHost {
  const host = lab.host(name);
  const token = () => readFileSync(join(host.stateDir, 'token'), 'utf8').trim();
  // The init loop writes the agent's pid here; `kill -0` on it tells whether it still runs.
  const running = async () =>
    (
      await host.exec([
        'sh',
        '-c',
        'test -s /run/underlay-lab/agent.pid && kill -0 "$(cat /run/underlay-lab/agent.pid)" 2>/dev/null',
      ])
    ).exitCode === 0;
  return {
    name,
    agentSocket: host.agentSocket,
    tokenFile: join(host.stateDir, 'token'),
    client: () => createAgentClient({ host: host.agentSocket, token: token() }),
    exec: (argv) => host.exec(argv),
    async stopAgent() {
      await stopAgent(lab, name);
      await waitFor(`the agent of ${name} has stopped`, async () => !(await running()));
    },
    async startAgent() {
      await startAgent(lab, name);
      await waitFor(`the agent of ${name} answers`, () => answers(host.agentSocket, token()));
    },
    async reboot() {
      await rebootHost(lab, name);
      await waitFor(`the agent of ${name} answers after the reboot`, () =>
        answers(host.agentSocket, token()),
      );
    },
  };
}

/** The named hosts of the lab booted by the global setup, each with its agent answering. */
export async function labHosts(names: string[]): Promise<LabHost[]> {
  const lab = await attachLab({ name: process.env.UNDERLAY_LAB_NAME ?? 'agent' });
  const hosts = names.map((name) => wrap(lab, name));
  for (const name of names) {
    const host = lab.host(name);
    await waitFor(`the agent of ${name} answers`, async () => {
      try {
        return await answers(
          host.agentSocket,
          readFileSync(join(host.stateDir, 'token'), 'utf8').trim(),
        );
      } catch {
        return false; // no token yet: the agent has not started
      }
    });
  }
  return hosts;
}

/** The lab host `name` (its agent answering) and a client of that agent: what most agent lab tests start from. */
export async function labAgent(name = 'host-a'): Promise<{ host: LabHost; agent: AgentClient }> {
  const [host] = (await labHosts([name])) as [LabHost];
  return { host, agent: host.client() };
}

/** What a lab test made through the agent, by name: removed after it. */
export interface Made {
  containers?: Iterable<string>;
  networks?: Iterable<string>;
  /** Runs after the removals, before the client closes: what the test made by hand (links, namespaces). */
  then?: () => Promise<unknown>;
}

/**
 * Removes what a test made (its containers, then its networks; each may already be gone, so a failure is ignored),
 * runs `then`, and closes the client. Nothing when the client never connected (the lab did not answer).
 */
export async function removeMade(agent: AgentClient | undefined, made: Made): Promise<void> {
  if (!agent) return;
  for (const container of made.containers ?? [])
    await agent.containers.remove.mutate({ container }).catch(() => undefined);
  for (const network of made.networks ?? [])
    await agent.networks.remove.mutate({ network }).catch(() => undefined);
  await made.then?.();
  await agent.close();
}

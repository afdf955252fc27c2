import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentClient } from '../src/client';
import { labAgent, removeMade, type LabHost } from './lab/lab-host';
import { killAgent } from './lab/records-match';

// The agent is the single writer of its host (DESIGN.md): a second
// `underlay agent` started beside a running one is refused before it sweeps
// /run/underlay's batch files, recovers the journal or reconciles the kernel
// (src/server/agent-lock.ts), and the first goes on running batches in its
// namespaces. The lock goes with its process: a SIGKILLed agent restarts at once.

let host: LabHost;
let agent: AgentClient;

beforeAll(async () => ({ host, agent } = await labAgent()));

afterAll(() => removeMade(agent, { containers: ['lw1', 'lw2'], networks: ['lw1', 'lw2'] }));

/** The guest's agent as its init loop started it: pid and argv. */
async function agentProcess(): Promise<{ pid: number; argv: string[] }> {
  const script =
    'pid=$(cat /run/underlay-lab/agent.pid) && echo "$pid" && tr "\\0" "\\n" </proc/$pid/cmdline';
  const [pid, ...argv] = (await host.exec(['sh', '-c', script])).stdout.trim().split('\n');
  return { pid: Number(pid), argv };
}

/** The batch-file directories under /run/underlay. */
async function batchDirs(): Promise<string[]> {
  const r = await host.exec(['sh', '-c', 'ls -d /run/underlay/batch-* 2>/dev/null; true']);
  return r.stdout.split('\n').filter(Boolean).sort();
}

/** A network on a VLAN of its own, a container, and a connect (a batch in the container's namespace: a batch file). */
async function wire(name: string, vlan: number): Promise<void> {
  await agent.networks.create.mutate({
    name,
    ipam: [{ subnet: `192.168.${vlan}.0/24`, gateway: `192.168.${vlan}.1` }],
    options: { parent: `eth0.${vlan}` },
  });
  await agent.containers.create.mutate({ name });
  const { endpoint } = await agent.networks.connect.mutate({ network: name, container: name });
  expect(endpoint.ipv4Address).toMatch(new RegExp(`^192\\.168\\.${vlan}\\.`));
}

describe('one agent per host', () => {
  it('refuses a second agent before it touches anything; the first goes on', async () => {
    await wire('lw1', 71);
    const dirs = await batchDirs();
    expect(dirs.length).toBeGreaterThan(0);
    const first = await agentProcess();

    const second = await host.exec(first.argv); // the exec's own limit, 60 s, stops one that hangs
    expect(second.exitCode).not.toBe(0);
    expect(second.stderr.trim()).toBe(
      `Error: another underlay agent (pid ${first.pid}, state dir /var/lib/underlay) is running on this host: stop it first (one agent drives a host's kernel)`,
    );

    expect(await batchDirs()).toEqual(dirs);
    expect((await agentProcess()).pid).toBe(first.pid);
    await wire('lw2', 72);
  });

  it('restarts at once after a SIGKILL: the kernel let go of the lock', async () => {
    const killed = (await agentProcess()).pid;
    await agent.close();
    await killAgent(host);
    await host.startAgent(); // the init loop restarts it half a second later: until it answers
    agent = host.client();
    expect((await agentProcess()).pid).not.toBe(killed);
    await expect(agent.host.info.query()).resolves.toBeDefined();
  });
});

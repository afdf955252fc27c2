import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';
import { addHost, getHostByName, updateHost } from './registry';

// UNDERLAY_LAB=name: the hosts of a running lab join the registry at start.
// Re-registering is idempotent (matched by name), so a lab restarted with
// new sockets or tokens is picked up by the next dashboard start.

export interface LabHost {
  name: string;
  agentSocket: string;
  tokenPath: string;
}

/** Upserts the lab's hosts; returns their names. */
export function registerLabHosts(
  db: Db,
  hosts: LabHost[],
  readToken: (path: string) => string = (p) => readFileSync(p, 'utf8').trim(),
): string[] {
  for (const host of hosts) {
    const token = readToken(host.tokenPath);
    const existing = getHostByName(db, host.name);
    if (existing)
      updateHost(db, existing.id, { name: host.name, address: host.agentSocket, token });
    else addHost(db, { name: host.name, address: host.agentSocket, token, source: 'lab' });
  }
  return hosts.map((h) => h.name);
}

/** Finds the running lab through @underlay/lab's `attachLab` and registers its hosts. */
export async function attachLabHosts(db: Db, labName: string): Promise<string[]> {
  // Loaded only when asked for (scripts/register-lab.ts): the lab is dev and demo tooling.
  const { attachLab } = await import('@underlay/lab');
  const lab = await attachLab({ name: labName });
  // The agent keeps its token in its state dir, which the lab exposes on this side.
  return registerLabHosts(
    db,
    lab.hosts.map((h) => ({
      name: h.name,
      agentSocket: h.agentSocket,
      tokenPath: join(h.stateDir, 'token'),
    })),
  );
}

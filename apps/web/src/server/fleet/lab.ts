import { readFileSync } from 'node:fs';
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
export function registerLabHosts(db: Db, hosts: LabHost[], readToken: (path: string) => string = (p) => readFileSync(p, 'utf8').trim()): string[] {
  for (const host of hosts) {
    const token = readToken(host.tokenPath);
    const existing = getHostByName(db, host.name);
    if (existing) updateHost(db, existing.id, { name: host.name, address: host.agentSocket, token });
    else addHost(db, { name: host.name, address: host.agentSocket, token, source: 'lab' });
  }
  return hosts.map((h) => h.name);
}

type AttachLab = (opts: { name: string }) => Promise<{ runDir: string; hosts: { name: string; agentSocket: string }[] }>;

/** Finds the running lab through @underlay/lab's `attachLab` and registers its hosts. */
export async function attachLabHosts(db: Db, labName: string): Promise<string[]> {
  // Kept out of the bundle: the lab is dev tooling and only needed when asked for.
  const lab = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ '@underlay/lab')) as { attachLab?: AttachLab };
  if (typeof lab.attachLab !== 'function') throw new Error('@underlay/lab has no attachLab(): update the lab package, or add the hosts by hand on the Fleet page.');
  const { runDir, hosts } = await lab.attachLab({ name: labName });
  return registerLabHosts(
    db,
    hosts.map((h) => ({ name: h.name, agentSocket: h.agentSocket, tokenPath: `${runDir}/${h.name}/state/token` })),
  );
}

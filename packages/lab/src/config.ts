// Everything about a lab that follows from its name and size: names of the
// namespace, taps, umids and files, and addresses. Pure, so it is unit-tested.
import { join } from 'node:path';
import { z } from 'zod';
import { AGENT_PORT, EXEC_PORT, HUB_STORE_PORT } from './protocol.js';

export const MAX_HOSTS = 8;
export const MGMT_GATEWAY = '192.0.2.1';

export const labNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,14}$/,
    'name must be 1–15 characters: a lowercase letter, then lowercase letters, digits or "-" (e.g. "dev-lab")',
  )
  .refine((name) => !name.endsWith('-'), 'name must not end with "-"');

export const hostCountSchema = z
  .number({ error: `hosts must be a whole number from 1 to ${MAX_HOSTS}` })
  .int(`hosts must be a whole number from 1 to ${MAX_HOSTS}`)
  .min(1, 'hosts must be at least 1')
  .max(
    MAX_HOSTS,
    `hosts must be at most ${MAX_HOSTS} (each guest costs up to ~200 MiB of host memory)`,
  );

export interface HostPlan {
  name: string;
  index: number;
  umid: string;
  mgmtAddress: string;
  dir: string;
  stateDir: string;
  ramDir: string;
  consoleLog: string;
  umlDir: string;
  agentSocket: string;
  execSocket: string;
  tapTrunk: string;
  tapMgmt: string;
  macTrunk: string;
  macMgmt: string;
}

export interface LabPlan {
  name: string;
  netns: string;
  runDir: string;
  hosts: HostPlan[];
  /** The unix socket the relay forwards 192.0.2.1:7480 to (the hub's fleet store serves it). */
  hubSocket: string;
}

/** Throws an error naming the field when a lab option is invalid. */
export function validateLabOptions(opts: { name: string; hosts: number }): void {
  const name = labNameSchema.safeParse(opts.name);
  if (!name.success) throw new Error(`lab name "${opts.name}": ${name.error.issues[0]?.message}`);
  const hosts = hostCountSchema.safeParse(opts.hosts);
  if (!hosts.success)
    throw new Error(`hosts (${String(opts.hosts)}): ${hosts.error.issues[0]?.message}`);
}

/** host-a for index 1, host-b for 2… */
export function hostName(index: number): string {
  return `host-${String.fromCharCode(96 + index)}`;
}

/** The index of `host-a`…`host-h`, or undefined for anything else. */
export function hostIndex(name: string): number | undefined {
  const match = /^host-([a-h])$/.exec(name);
  return match ? (match[1] as string).charCodeAt(0) - 96 : undefined;
}

function hexByte(n: number): string {
  return n.toString(16).padStart(2, '0');
}

export function planHost(lab: { name: string; runDir: string }, index: number): HostPlan {
  const name = hostName(index);
  const letter = name.slice(-1);
  const dir = join(lab.runDir, name);
  return {
    name,
    index,
    umid: `underlay-${lab.name}-${name}`,
    mgmtAddress: `192.0.2.${10 + index}`,
    dir,
    stateDir: join(dir, 'state'),
    ramDir: join(dir, 'ram'),
    consoleLog: join(dir, 'console.log'),
    umlDir: lab.runDir,
    agentSocket: join(lab.runDir, `${name}.sock`),
    execSocket: join(lab.runDir, `${name}.exec.sock`),
    // Taps live inside the lab's own namespace, so every lab may reuse these names.
    tapTrunk: `tap-${letter}-trunk`,
    tapMgmt: `tap-${letter}-mgmt`,
    macTrunk: `02:00:00:00:01:${hexByte(index)}`,
    macMgmt: `02:00:00:00:02:${hexByte(index)}`,
  };
}

/** The full plan of a lab; `baseDir` is UNDERLAY_LAB_DIR. */
export function planLab(opts: { name: string; hosts: number; baseDir: string }): LabPlan {
  validateLabOptions(opts);
  const runDir = join(opts.baseDir, opts.name);
  const lab = { name: opts.name, runDir };
  const hosts = Array.from({ length: opts.hosts }, (_, i) => planHost(lab, i + 1));
  // sun_path holds 107 bytes: UML's mconsole socket is the longest path.
  const longest = join(runDir, hosts[0]?.umid ?? '', 'mconsole');
  if (longest.length > 100)
    throw new Error(
      `UNDERLAY_LAB_DIR: "${opts.baseDir}" is too long for unix socket paths; use a shorter directory`,
    );
  return {
    name: opts.name,
    netns: `underlay-${opts.name}`,
    runDir,
    hosts,
    hubSocket: join(runDir, 'hub.sock'),
  };
}

export const ports = { agent: AGENT_PORT, exec: EXEC_PORT, hubStore: HUB_STORE_PORT } as const;

/** The hub's fleet store as the guests reach it (the relay's --expose). */
export const HUB_STORE_URL = `http://${MGMT_GATEWAY}:${HUB_STORE_PORT}`;

// What `lab status` shows: each guest, its pid, address and whether it answers.
import { join } from 'node:path';
import { labNameSchema, planLab } from './config.js';
import { readEnv } from './env.js';
import { ping } from './exec-client.js';
import { readLabState } from './lab-state.js';
import { netnsExists } from './network.js';
import { isAlive } from './proc-scan.js';
import { relayPids } from './relay-control.js';

export interface GuestStatus {
  name: string;
  pid: number | undefined;
  running: boolean;
  mgmtAddress: string;
  answering: boolean;
  execSocket: string;
}

export interface LabStatus {
  name: string;
  up: boolean;
  netns: string;
  netnsPresent: boolean;
  relayPids: number[];
  guests: GuestStatus[];
}

export async function labStatus(opts: { name?: string } = {}): Promise<LabStatus> {
  const name = labNameSchema.parse(opts.name ?? 'lab');
  const baseDir = readEnv().UNDERLAY_LAB_DIR;
  const runDir = join(baseDir, name);
  const state = readLabState(runDir);
  const plan = planLab({ name, hosts: state?.hosts ?? 1, baseDir });
  const guests = state
    ? await Promise.all(
        plan.hosts.map(async (host) => {
          const pid = state.guests[host.name]?.pid;
          return {
            name: host.name,
            pid,
            running: pid !== undefined && isAlive(pid),
            mgmtAddress: host.mgmtAddress,
            answering: await ping(host.execSocket, 2000),
            execSocket: host.execSocket,
          };
        }),
      )
    : [];
  return {
    name,
    up: state !== undefined,
    netns: plan.netns,
    netnsPresent: await netnsExists(plan.netns),
    relayPids: relayPids(runDir),
    guests,
  };
}

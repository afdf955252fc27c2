// Starting and stopping the lab's relay (src/relay/main.ts), which runs inside
// the lab's namespace and exposes each guest's ports as unix sockets.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MGMT_GATEWAY, ports, type LabPlan } from './config.js';
import { labFiles } from './paths.js';
import { findProcesses, isRelayProcess, signalAll, waitForExit } from './proc-scan.js';
import { launch } from './processes.js';

export function relayArgv(lab: LabPlan, relayScript: string, node: string): string[] {
  const routes = lab.hosts.flatMap((host) => [
    '--route',
    `${host.agentSocket}=${host.mgmtAddress}:${ports.agent}`,
    '--route',
    `${host.execSocket}=${host.mgmtAddress}:${ports.exec}`,
  ]);
  // The hub's fleet store, reachable from every guest at 192.0.2.1 (lab address only).
  routes.push('--expose', `${MGMT_GATEWAY}:${ports.hubStore}=${lab.hubSocket}`);
  return [
    'setsid',
    'ip',
    'netns',
    'exec',
    lab.netns,
    node,
    relayScript,
    ...routes,
    '--pid-file',
    join(lab.runDir, 'relay.pid'),
  ];
}

/** Starts the relay and waits until every socket exists. */
export async function startRelay(lab: LabPlan): Promise<number> {
  const pid = launch(relayArgv(lab, labFiles.relay, labFiles.node), join(lab.runDir, 'relay.log'));
  const sockets = lab.hosts.flatMap((host) => [host.agentSocket, host.execSocket]);
  const deadline = Date.now() + 15_000;
  while (!sockets.every((socket) => existsSync(socket))) {
    if (Date.now() > deadline)
      throw new Error(
        `the relay did not create its sockets in ${lab.runDir} (see relay.log there)`,
      );
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return pid;
}

export function relayPids(runDir: string): number[] {
  return findProcesses((argv) => isRelayProcess(argv, runDir)).map((proc) => proc.pid);
}

export async function stopRelay(runDir: string): Promise<void> {
  const pids = relayPids(runDir);
  signalAll(pids, 'SIGTERM');
  if (await waitForExit(pids, 3000)) return;
  signalAll(pids, 'SIGKILL');
  await waitForExit(pids, 2000);
}

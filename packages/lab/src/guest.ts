// One guest's life: launch, power off, find its processes.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { HostPlan, LabPlan } from './config.js';
import { launchArgv, type GuestFiles } from './guest-argv.js';
import { findProcesses, isGuestProcess, signalAll, waitForExit } from './proc-scan.js';
import { launch, run } from './processes.js';

/** Boots the guest in the background; returns the pid of its UML process. */
export function launchGuest(
  lab: LabPlan,
  host: HostPlan,
  files: GuestFiles,
): { pid: number; argv: string[] } {
  mkdirSync(host.stateDir, { recursive: true });
  mkdirSync(host.ramDir, { recursive: true });
  // A stale umid dir would make UML pick a random umid (then mconsole is lost).
  rmSync(join(host.umlDir, host.umid), { recursive: true, force: true });
  const argv = launchArgv(lab, host, files);
  return { pid: launch(argv, host.consoleLog), argv };
}

export function guestPids(host: Pick<HostPlan, 'umid'>): number[] {
  return findProcesses((argv) => isGuestProcess(argv, host.umid)).map((proc) => proc.pid);
}

/**
 * Halts the guest through its mconsole socket, then kills whatever is left.
 * uml_mconsole may wait forever for the answer of a halted guest: it is
 * cancelled as soon as the guest's processes are gone.
 */
export async function powerOffGuest(
  host: Pick<HostPlan, 'umid' | 'umlDir' | 'name'>,
  timeoutMs = 8000,
): Promise<void> {
  const pids = guestPids(host);
  if (pids.length === 0) return;
  const answered = new AbortController();
  const mconsole = run(['uml_mconsole', join(host.umlDir, host.umid, 'mconsole'), 'halt'], {
    timeoutMs: timeoutMs,
    signal: answered.signal,
  });
  const exited = await waitForExit(pids, timeoutMs);
  answered.abort();
  await mconsole;
  if (exited) return;
  signalAll(guestPids(host), 'SIGKILL');
  if (!(await waitForExit(pids, 3000)))
    throw new Error(`${host.name}: UML processes ${pids.join(', ')} survived SIGKILL`);
}

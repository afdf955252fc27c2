// Finding lab processes by their command line in /proc, and waiting for them
// to go. A zombie still answers kill -0, so "alive" reads the state letter.
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  argv: string[];
}

function readArgv(pid: number): string[] | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

/** Every process whose argv satisfies `match`. */
export function findProcesses(match: (argv: string[]) => boolean): ProcInfo[] {
  const found: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    const argv = readArgv(pid);
    if (argv && argv.length > 0 && match(argv) && isAlive(pid)) found.push({ pid, argv });
  }
  return found;
}

/** UML processes of one guest (main process and its helpers share the argv). */
export function isGuestProcess(argv: string[], umid: string): boolean {
  return argv.includes(`umid=${umid}`);
}

/** UML processes of any guest of lab `name`. */
export function isLabGuestProcess(argv: string[], name: string): boolean {
  return argv.some((arg) => /^umid=underlay-(.+)-host-[a-h]$/.exec(arg)?.[1] === name);
}

/** The relay of the lab whose run directory is `runDir`. */
export function isRelayProcess(argv: string[], runDir: string): boolean {
  return argv.some((arg) => arg.endsWith('/relay.js')) && argv.includes(`${runDir}/relay.pid`);
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** Waits until none of `pids` is alive; false on timeout. */
export async function waitForExit(pids: number[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Sends `signal` to each pid, ignoring those already gone. */
export function signalAll(pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // gone already
    }
  }
}

// Tearing a lab down, found by its name alone (lab.json may be missing or
// stale), and proving that nothing of it remains.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { labNameSchema } from './config.js';
import { readEnv } from './env.js';
import { powerOffGuest } from './guest.js';
import { deleteLabNetwork, listTaps, netnsExists } from './network.js';
import { findProcesses, isLabGuestProcess } from './proc-scan.js';
import { relayPids, stopRelay } from './relay-control.js';

interface GuestRef {
  name: string;
  umid: string;
  umlDir: string;
}

/** Running guests of lab `name`, one per umid. */
function runningGuests(name: string): GuestRef[] {
  const byUmid = new Map<string, GuestRef>();
  for (const proc of findProcesses((argv) => isLabGuestProcess(argv, name))) {
    const umid = proc.argv.find((arg) => arg.startsWith('umid='))?.slice(5) ?? '';
    const umlDir = proc.argv.find((arg) => arg.startsWith('uml_dir='))?.slice(8) ?? '';
    byUmid.set(umid, { name: umid.slice(`underlay-${name}-`.length), umid, umlDir });
  }
  return [...byUmid.values()];
}

/** What is left of lab `name`: empty when it is fully gone. */
export async function labLeftovers(name: string, runDir: string): Promise<string[]> {
  const netns = `underlay-${name}`;
  const left = findProcesses((argv) => isLabGuestProcess(argv, name)).map(
    (proc) => `UML process ${proc.pid} (${proc.argv.find((a) => a.startsWith('umid='))})`,
  );
  left.push(...relayPids(runDir).map((pid) => `relay process ${pid}`));
  if (await netnsExists(netns)) {
    left.push(`network namespace ${netns}`);
    left.push(...(await listTaps(netns)).map((tap) => `tap ${tap} in ${netns}`));
  }
  return left;
}

export function runDirOf(name: string): string {
  return join(readEnv().UNDERLAY_LAB_DIR, name);
}

/** Stops every guest, the relay and the namespace of lab `name`; idempotent. */
export async function stopLab(opts: { name?: string } = {}): Promise<void> {
  const name = labNameSchema.parse(opts.name ?? 'lab');
  const runDir = runDirOf(name);
  await Promise.all(runningGuests(name).map((guest) => powerOffGuest(guest)));
  await stopRelay(runDir);
  await deleteLabNetwork(`underlay-${name}`);
  const left = await labLeftovers(name, runDir);
  if (left.length > 0)
    throw new Error(`lab ${name} is not fully down; still present:\n  ${left.join('\n  ')}`);
  rmSync(runDir, { recursive: true, force: true });
}

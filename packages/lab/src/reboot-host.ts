// Power off one guest and boot the same guest again, keeping its state dir.
import { planLab } from './config.js';
import { consoleTail } from './console-tail.js';
import { readEnv } from './env.js';
import { launchGuest, powerOffGuest } from './guest.js';
import { readLabState, writeLabState } from './lab-state.js';
import { guestFiles } from './start-lab.js';
import type { Lab } from './types.js';
import { waitUntilAnswering } from './wait-ready.js';

export async function rebootHost(
  lab: Lab,
  hostName: string,
  opts: { timeoutMs?: number } = {},
): Promise<void> {
  const state = readLabState(lab.runDir);
  if (!state) throw new Error(`lab ${lab.name} is not up`);
  const plan = planLab({ name: lab.name, hosts: state.hosts, baseDir: readEnv().UNDERLAY_LAB_DIR });
  const host = plan.hosts.find((h) => h.name === hostName);
  if (!host) throw new Error(`lab ${lab.name} has no host "${hostName}"`);
  await powerOffGuest(host);
  const guest = launchGuest(plan, host, guestFiles(state.agentMain));
  state.guests[host.name] = guest;
  writeLabState(plan.runDir, state);
  try {
    await waitUntilAnswering(host, guest.pid, {
      deadline: Date.now() + (opts.timeoutMs ?? 120_000),
    });
  } catch (error) {
    throw new Error(
      `${host.name} did not come back: ${(error as Error).message}\n${consoleTail(host)}`,
      { cause: error },
    );
  }
}

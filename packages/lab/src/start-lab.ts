// `lab up`: a clean slate, the switch, the relay, then every guest in
// parallel; on any failure the console tails are reported and nothing is left.
import { existsSync, mkdirSync } from 'node:fs';
import { planLab, type LabPlan } from './config.js';
import { consoleTails } from './console-tail.js';
import { readEnv } from './env.js';
import type { GuestFiles } from './guest-argv.js';
import { launchGuest } from './guest.js';
import { makeLab } from './lab-object.js';
import { writeLabState, type LabState } from './lab-state.js';
import { createLabNetwork } from './network.js';
import { labFiles, packageDir } from './paths.js';
import { startRelay } from './relay-control.js';
import { stopLab } from './stop-lab.js';
import type { Lab, StartLabOptions } from './types.js';
import { waitUntilAgentAnswers, waitUntilAnswering } from './wait-ready.js';

const DEFAULT_TIMEOUT_MS = 120_000;
// The guest's hostfs root is the machine's: the state dir's mount point must exist there.
const GUEST_STATE_MOUNT_POINT = '/var/lib/underlay';

export function guestFiles(agentMain: string | undefined): GuestFiles {
  return {
    wrapper: labFiles.wrapper,
    xstateOff: labFiles.xstateOff,
    kernel: labFiles.kernel,
    init: labFiles.init,
    node: labFiles.node,
    labDir: packageDir,
    agentMain,
  };
}

function checkPrerequisites(): void {
  const missing = [labFiles.relay, labFiles.execServer, labFiles.xstateOff].filter(
    (file) => !existsSync(file),
  );
  if (missing.length > 0)
    throw new Error(
      `lab is not built (missing ${missing.join(', ')}): run pnpm --filter @underlay/lab build`,
    );
  if (!existsSync(labFiles.kernel))
    throw new Error(
      `${labFiles.kernel} is missing: apt-get install -y user-mode-linux uml-utilities`,
    );
}

/** The agent entry the guests run, or undefined when none is wanted or built. */
function agentEntry(opts: StartLabOptions): string | undefined {
  if (!opts.agent) return undefined;
  const entry = opts.agentEntry ?? labFiles.agentMain;
  if (existsSync(entry)) return entry;
  if (opts.agentEntry) throw new Error(`agentEntry: ${entry} does not exist`);
  return undefined;
}

async function boot(
  plan: LabPlan,
  opts: StartLabOptions,
  progress: (msg: string) => void,
): Promise<void> {
  mkdirSync(plan.runDir, { recursive: true });
  mkdirSync(GUEST_STATE_MOUNT_POINT, { recursive: true });
  progress(`creating namespace ${plan.netns} with its trunk and mgmt bridges`);
  await createLabNetwork(plan);
  const agentMain = agentEntry(opts);
  if (opts.agent && !agentMain) progress(`no agent: ${labFiles.agentMain} is not built`);
  const state: LabState = { name: plan.name, hosts: plan.hosts.length, agentMain, guests: {} };
  state.relayPid = await startRelay(plan);
  const files = guestFiles(agentMain);
  for (const host of plan.hosts) state.guests[host.name] = launchGuest(plan, host, files);
  writeLabState(plan.runDir, state);
  progress(`booting ${plan.hosts.map((h) => h.name).join(', ')}`);
  const deadline = Date.now() + (opts.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  await Promise.all(
    plan.hosts.map(async (host) => {
      const started = Date.now();
      await waitUntilAnswering(host, state.guests[host.name]?.pid ?? 0, {
        deadline,
        signal: opts.signal,
      });
      progress(`${host.name} answers (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      if (!agentMain) return;
      await waitUntilAgentAnswers(host, state.guests[host.name]?.pid ?? 0, {
        deadline,
        signal: opts.signal,
      });
      progress(`${host.name}'s agent answers (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }),
  );
}

/** Boots a lab of `hosts` guests, replacing any earlier lab of the same name. */
export async function startLab(opts: StartLabOptions = {}): Promise<Lab> {
  const plan = planLab({
    name: opts.name ?? 'lab',
    hosts: opts.hosts ?? 2,
    baseDir: readEnv().UNDERLAY_LAB_DIR,
  });
  const progress = opts.onProgress ?? (() => undefined);
  checkPrerequisites();
  await stopLab({ name: plan.name });
  try {
    await boot(plan, opts, progress);
  } catch (error) {
    const tails = consoleTails(plan.hosts);
    await stopLab({ name: plan.name }).catch((stopError: unknown) => progress(String(stopError)));
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`lab ${plan.name} failed to start: ${message}\n${tails}`, { cause: error });
  }
  return makeLab(plan);
}

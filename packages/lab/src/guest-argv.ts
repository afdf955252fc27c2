// The command line that boots one guest, built as an argv array (pure).
import type { HostPlan, LabPlan } from './config.js';

export interface GuestFiles {
  wrapper: string;
  xstateOff: string;
  kernel: string;
  init: string;
  node: string;
  labDir: string;
  /** The agent's entry point, or undefined to boot without an agent. */
  agentMain: string | undefined;
}

export const GUEST_MEMORY = '256M';

/** linux.uml's own arguments; those after `--` reach the guest's init as $1… */
export function kernelArgv(host: HostPlan, files: GuestFiles): string[] {
  return [
    files.kernel,
    `umid=${host.umid}`,
    `uml_dir=${host.umlDir}`,
    `mem=${GUEST_MEMORY}`,
    'root=/dev/root',
    'rootfstype=hostfs',
    'rootflags=/',
    'ro',
    `init=${files.init}`,
    'con=null',
    'ssl=null',
    'con0=null,fd:1',
    'pty.legacy_count=0',
    `vec0:transport=tap,ifname=${host.tapTrunk},mac=${host.macTrunk}`,
    `vec1:transport=tap,ifname=${host.tapMgmt},mac=${host.macMgmt}`,
    '--',
    host.name,
    host.mgmtAddress,
    files.node,
    files.labDir,
    host.stateDir,
    files.agentMain ?? '-',
  ];
}

/**
 * The full launch: a new session, inside the lab's namespace, in a private
 * mount namespace where the wrapper makes every host mount read-only.
 */
export function launchArgv(lab: LabPlan, host: HostPlan, files: GuestFiles): string[] {
  return [
    'setsid',
    'ip',
    'netns',
    'exec',
    lab.netns,
    'unshare',
    '--mount',
    '--propagation',
    'private',
    files.wrapper,
    lab.runDir,
    host.ramDir,
    '--',
    files.xstateOff,
    ...kernelArgv(host, files),
  ];
}

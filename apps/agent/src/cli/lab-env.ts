import { join } from 'node:path';

// `lab env HOST`, like `docker-machine env`: the exports that point this CLI
// at one lab guest's agent. The lab CLI owns the command (lab must not import
// the agent); this is the reference it copies, with the lab's field names.

/** The fields of the lab's LabHost that locate its agent from the root namespace. */
export interface LabAgentHost {
  name: string;
  /** RUNDIR/host-X.sock, relayed to the guest's agent. */
  agentSocket: string;
  /** Host path of the guest's /var/lib/underlay (holds `token`). */
  stateDir: string;
}

/** Shell lines for `eval "$(lab env host-a)"`; paths are quoted for the shell. */
export function labEnv(host: LabAgentHost): string {
  return [
    `export UNDERLAY_HOST=${shellQuote(host.agentSocket)}`,
    `export UNDERLAY_TOKEN_FILE=${shellQuote(join(host.stateDir, 'token'))}`,
    `# Run this command to point the underlay CLI at ${host.name}:`,
    `# eval "$(lab env ${host.name})"`,
  ].join('\n');
}

/** Single-quotes a word for POSIX shells when it holds anything but safe characters. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

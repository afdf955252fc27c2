// `lab env HOST`, like `docker-machine env`: the exports that point this CLI
// at one lab guest's agent. The lab owns the paths; this only spells them.

/** Where a lab host's agent can be reached from the machine's root namespace. */
export interface LabHostEndpoint {
  /** Unix socket relayed to the guest's agent (LAB.md: RUNDIR/host-N.sock). */
  socketPath: string;
  /** The guest agent's token file, in its state directory under RUNDIR. */
  tokenFile: string;
}

/** Shell lines to `eval "$(lab env host-1)"`; paths are single-quoted for the shell. */
export function labEnv(host: string, endpoint: LabHostEndpoint): string {
  return [
    `export UNDERLAY_HOST=${shellQuote(endpoint.socketPath)}`,
    `export UNDERLAY_TOKEN_FILE=${shellQuote(endpoint.tokenFile)}`,
    `# Run this command to point the underlay CLI at ${host}:`,
    `# eval "$(lab env ${host})"`,
  ].join('\n');
}

/** Single-quotes a word for POSIX shells (the output is meant for eval). */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

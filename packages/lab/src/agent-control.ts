// Stopping and starting a guest's agent through its init's restart loop: the
// flag file keeps the loop from restarting it. The scripts are fixed text:
// no caller input reaches the shell.
import type { ExecOptions, Lab, LabHost } from './types.js';

const FLAG = '/run/underlay-lab/agent.stopped';
const PID = '/run/underlay-lab/agent.pid';

/**
 * Runs a fixed shell script (text written by the caller's code, never user
 * input) in the guest's root namespace and returns its stdout; a non-zero exit
 * throws with the host, the script and its stderr.
 */
export async function runScript(
  host: LabHost,
  script: string,
  opts?: ExecOptions,
): Promise<string> {
  const result = await host.exec(['sh', '-c', script], opts);
  if (result.exitCode !== 0)
    throw new Error(
      `${host.name}: ${script} failed (exit ${result.exitCode}): ${result.stderr.trim()}`,
    );
  return result.stdout;
}

/** Stops the agent of `host` and keeps it stopped until startAgent. */
export async function stopAgent(lab: Lab, host: string): Promise<void> {
  await runScript(
    lab.host(host),
    `touch ${FLAG}; if [ -s ${PID} ]; then kill $(cat ${PID}) 2>/dev/null; fi; true`,
  );
}

/** Lets the restart loop start the agent of `host` again. */
export async function startAgent(lab: Lab, host: string): Promise<void> {
  await runScript(lab.host(host), `rm -f ${FLAG}`);
}

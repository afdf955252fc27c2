// Stopping and starting a guest's agent through its init's restart loop: the
// flag file keeps the loop from restarting it. The scripts are fixed text:
// no caller input reaches the shell.
import type { Lab } from './types.js';

const FLAG = '/run/underlay-lab/agent.stopped';
const PID = '/run/underlay-lab/agent.pid';

async function runFixed(lab: Lab, host: string, script: string): Promise<void> {
  const result = await lab.host(host).exec(['sh', '-c', script]);
  if (result.exitCode !== 0) throw new Error(`${host}: ${script} failed: ${result.stderr.trim()}`);
}

/** Stops the agent of `host` and keeps it stopped until startAgent. */
export function stopAgent(lab: Lab, host: string): Promise<void> {
  return runFixed(lab, host, `touch ${FLAG}; if [ -s ${PID} ]; then kill $(cat ${PID}) 2>/dev/null; fi; true`);
}

/** Lets the restart loop start the agent of `host` again. */
export function startAgent(lab: Lab, host: string): Promise<void> {
  return runFixed(lab, host, `rm -f ${FLAG}`);
}

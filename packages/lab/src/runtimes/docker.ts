// dockerd in a lab guest (never on the machine: its kernel has no overlay
// or ipvlan, and the machine's own namespaces stay untouched), through
// guest/dockerd.sh, a fixed script. Every docker command gets the GODEBUG
// Go programs need in a guest, and long timeouts: `docker run -d` takes
// ~20 s there, a dockerd start 20–40 s.
import { fileURLToPath } from 'node:url';
import type { ExecResult, LabHost } from '../types.js';

const SCRIPT = fileURLToPath(new URL('../../guest/dockerd.sh', import.meta.url));
const GO_ENV = 'GODEBUG=cpu.all=off,asyncpreemptoff=1';
/** The Debian docker CLI (20.10, as dockerd); /usr/local/bin may hold another. */
export const DOCKER_CLI = '/usr/bin/docker';

/** How long one docker command may take in a guest by default. */
export const DOCKER_TIMEOUT_MS = 240_000;

async function script(host: LabHost, verb: 'start' | 'stop' | 'restart'): Promise<void> {
  const result = await host.exec([SCRIPT, verb], { timeoutMs: 300_000 });
  if (result.exitCode !== 0)
    throw new Error(
      `${host.name}: dockerd.sh ${verb} failed (exit ${result.exitCode}): ${result.stderr.trim()}`,
    );
}

/** Starts dockerd in the guest (crun, overlay2, no iptables, no bridge) and imports the busybox image `bb`. */
export const startDockerd = (host: LabHost): Promise<void> => script(host, 'start');

/** Stops the guest's dockerd (SIGTERM; its containers stop with it). */
export const stopDockerd = (host: LabHost): Promise<void> => script(host, 'stop');

/** Stops and starts the guest's dockerd: it replays its networks' IPAM requests at start. */
export const restartDockerd = (host: LabHost): Promise<void> => script(host, 'restart');

/** Runs the docker CLI in the guest with argv (no shell); returns its result. */
export function docker(
  host: LabHost,
  args: string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<ExecResult> {
  return host.exec(['env', GO_ENV, DOCKER_CLI, ...args], { timeoutMs });
}

/** Runs the docker CLI and returns its stdout; a non-zero exit throws with its stderr. */
export async function dockerOk(
  host: LabHost,
  args: string[],
  timeoutMs = DOCKER_TIMEOUT_MS,
): Promise<string> {
  const result = await docker(host, args, timeoutMs);
  if (result.exitCode !== 0)
    throw new Error(
      `${host.name}: docker ${args.join(' ')} failed (exit ${result.exitCode}): ${result.stderr.trim()}`,
    );
  return result.stdout;
}

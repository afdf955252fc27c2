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

/** The agent's Docker plugin socket in a guest (the agent's default; dockerd finds it by name). */
export const UNDERLAY_PLUGIN_SOCKET = '/run/docker/plugins/underlay.sock';

/** Waits until the guest's agent serves its Docker plugin socket. */
export async function waitForPluginSocket(host: LabHost, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await host.exec(['test', '-S', UNDERLAY_PLUGIN_SOCKET])).exitCode !== 0) {
    if (Date.now() > deadline)
      throw new Error(`${host.name}: the agent did not serve ${UNDERLAY_PLUGIN_SOCKET}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/**
 * Starts dockerd in each guest at once, after its agent serves the plugin
 * socket (so dockerd's first `-d underlay` call finds it): one dockerd per
 * guest, shared by every Docker test, bench and e2e spec.
 */
export async function startDockerdOn(hosts: LabHost[]): Promise<void> {
  await Promise.all(
    hosts.map(async (host) => {
      await waitForPluginSocket(host);
      await startDockerd(host);
    }),
  );
}

/** Stops dockerd in each guest at once. */
export const stopDockerdOn = (hosts: LabHost[]): Promise<void[]> =>
  Promise.all(hosts.map((host) => stopDockerd(host)));

/**
 * `docker network create` argv for an underlay network (`-d underlay
 * --ipam-driver underlay`) or Docker's own (`-d ipvlan`, Docker's IPAM),
 * with the example's flags (`--subnet`, `-o parent=…`, …) before the name.
 */
export function networkCreateArgv(
  driver: 'underlay' | 'ipvlan',
  name: string,
  flags: string[],
): string[] {
  const ipam = driver === 'underlay' ? ['--ipam-driver', 'underlay'] : [];
  return ['network', 'create', '-d', driver, ...ipam, ...flags, name];
}

/** `docker run -d` argv of a busybox container `name` on `network` that sleeps for an hour. */
export function runDetachedArgv(name: string, network: string, flags: string[] = []): string[] {
  return ['run', '-d', '--name', name, '--network', network, ...flags, 'bb', 'sleep', '3600'];
}

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

import { type AgentConfig, AgentConfigSchema } from '../env';
import { CliError } from './cli-error';
import type { AgentFlags } from './context';

// `underlay agent` flags → the daemon's validated configuration. The schema
// is the daemon's own (env.ts); FLAG_OF says which flag sets each of its
// fields (commander names a flag's value by the flag: --drift-check →
// driftCheck), and names its complaints by flag.

const FLAG_OF: Record<string, string> = {
  stateDir: '--state-dir',
  socket: '--socket',
  listen: '--listen',
  tlsCert: '--tls-cert',
  tlsKey: '--tls-key',
  metricsListen: '--metrics',
  logLevel: '--log-level',
  driftCheckSeconds: '--drift-check',
  dockerPlugin: '--docker-plugin',
  dockerdSocket: '--dockerd-socket',
  fleetStore: '--fleet-store',
  kernel: '--kernel',
};

/** Where dockerd looks for the plugin named `underlay`: `--docker-plugin`'s default. */
export const DOCKER_PLUGIN_SOCKET = '/run/docker/plugins/underlay.sock';

/**
 * `--docker-plugin` when not given: Docker's plugin directory, except with a replay kernel. A recorded host must not
 * answer a real dockerd on this machine: a `docker network create -d underlay` would succeed against a kernel that
 * is not there.
 */
const dockerPluginDefault = (kernel: unknown): string =>
  typeof kernel === 'string' && kernel.startsWith('replay:') ? 'off' : DOCKER_PLUGIN_SOCKET;

/** The key commander gives a flag's value: `--drift-check` → `driftCheck`. */
const flagKey = (flag: string): string =>
  flag.replace(/^--/, '').replace(/-(\w)/g, (_, c: string) => c.toUpperCase());

/** Validates the flags with the daemon's schema; a usage error (exit 2) per bad flag. */
export function agentConfig(flags: AgentFlags): AgentConfig {
  const given = flags as Record<string, unknown>;
  const input = Object.fromEntries(
    Object.entries(FLAG_OF).flatMap(([field, flag]) => {
      const value = given[flagKey(flag)];
      return value === undefined ? [] : [[field, value]];
    }),
  );
  input.dockerPlugin ??= dockerPluginDefault(input.kernel);
  const parsed = AgentConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new CliError(
    parsed.error.issues.map(
      (problem) => `Error: ${FLAG_OF[String(problem.path[0])] ?? 'agent'}: ${problem.message}`,
    ),
    2,
  );
}

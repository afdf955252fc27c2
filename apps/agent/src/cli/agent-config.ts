import { type AgentConfig, AgentConfigSchema } from '../env';
import { CliError } from './cli-error';
import type { AgentFlags } from './context';

// `underlay agent` flags → the daemon's validated configuration. The schema
// is the daemon's own (env.ts); this only names its complaints by flag.

const FLAG_OF: Record<string, string> = {
  stateDir: '--state-dir',
  socket: '--socket',
  listen: '--listen',
  tlsCert: '--tls-cert',
  tlsKey: '--tls-key',
  metricsListen: '--metrics',
  logLevel: '--log-level',
  driftCheckSeconds: '--drift-check',
};

/** Validates the flags with the daemon's schema; a usage error (exit 2) per bad flag. */
export function agentConfig(flags: AgentFlags): AgentConfig {
  const input = Object.fromEntries(
    Object.entries({ ...flags, metrics: undefined, metricsListen: flags.metrics, driftCheck: undefined, driftCheckSeconds: flags.driftCheck }).filter(([, value]) => value !== undefined),
  );
  const parsed = AgentConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new CliError(
    parsed.error.issues.map((problem) => `Error: ${FLAG_OF[String(problem.path[0])] ?? 'agent'}: ${problem.message}`),
    2,
  );
}

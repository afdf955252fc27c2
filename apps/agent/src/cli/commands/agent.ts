import type { Command } from 'commander';
import type { AgentFlags, CliContext } from '../context';

// `underlay agent`: runs the daemon in the foreground (systemd runs this).

/** Where the agent keeps its state and where it listens. */
function addListenOptions(command: Command): Command {
  return command
    .option(
      '--state-dir <dir>',
      'state directory: SQLite database and token (default /var/lib/underlay)',
    )
    .option(
      '--socket <path>',
      'unix socket to serve on, mode 0600 (default /run/underlay/agent.sock)',
    )
    .option('--listen <host:port>', 'also serve on TCP, e.g. 127.0.0.1:7420 (default off)')
    .option('--tls-cert <file>', 'TLS certificate for --listen (with --tls-key)')
    .option('--tls-key <file>', 'TLS private key for --listen (with --tls-cert)')
    .option('--metrics <host:port>', 'serve /metrics and /healthz over HTTP here (default off)');
}

/** Logging, drift checks, Docker, the fleet store and the kernel source. */
function addServiceOptions(command: Command): Command {
  return command
    .option(
      '--log-level <level>',
      'trace, debug, info, warn, error, fatal or silent (default info)',
    )
    .option(
      '--drift-check <seconds>',
      'seconds between drift checks (links changed by hand in containers), 0 for none (default 60)',
      Number,
    )
    .option(
      '--docker-plugin <path>',
      'serve the Docker network + IPAM plugin (plain HTTP) on this unix socket (mode 0600), on HOST:PORT (no authentication: loopback only), or "off" (default /run/docker/plugins/underlay.sock; off with --kernel replay:FILE)',
    )
    .option(
      '--dockerd-socket <path>',
      "dockerd's API socket, asked by network inspect which containers hold Docker's endpoints (default /var/run/docker.sock)",
    )
    .option(
      '--fleet-store <store>',
      'fleet-wide IPAM store: etcd://HOST:PORT[,HOST:PORT…] or none (default: the one a hub configured last, else none)',
    )
    .option(
      '--kernel <source>',
      'netlink (this host, the default) or replay:FILE: serve a recorded host snapshot from memory, touching no kernel (hub scale tests and benchmarks only)',
    );
}

/** Registers `agent`. */
export function registerAgent(program: Command, ctx: CliContext): void {
  const agent = program
    .command('agent')
    .description('Run the agent (the daemon) in the foreground until SIGINT or SIGTERM');
  addServiceOptions(addListenOptions(agent)).action(async (flags: AgentFlags) => {
    // The daemon's config schema (zod) is loaded only for `underlay agent`.
    const { agentConfig } = await import('../agent-config');
    await ctx.io.runAgent(agentConfig(flags));
  });
}

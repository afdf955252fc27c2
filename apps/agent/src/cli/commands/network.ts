import type { Command } from 'commander';
import type { CliContext } from '../context';
import { collect } from '../parse-flags';
import {
  type NetworkCreateFlags,
  connectRequest,
  disconnectRequest,
  networkCreateRequest,
} from '../parse-network';
import {
  filterNetworks,
  networkTable,
  parseNetworkFilters,
  shortId,
  summariseNetwork,
} from '../format-network';
import { formatJson } from '../format-table';
import { formatPlan, readPlan } from '../format-plan';
import { renderError } from '../render-error';
import { CliError, usageError } from '../cli-error';
import { formatIssue } from '@underlay/core';
import { addNetworkCreateFlags } from './network-flags';
import { registerDrift } from './watch';

// `underlay network …`: Docker's verbs and flags, each a call to the agent.

// The seed page's own examples, as people will copy them.
const CREATE_EXAMPLES = `
Examples:
  # L2 on VLAN 10 (eth0.10 is made if missing, and removed with the network)
  underlay network create -d ipvlan --subnet 192.168.10.0/24 --gateway 192.168.10.1 -o parent=eth0.10 vlan10
  # L3 with no parent: a dummy parent, isolated; subnets route to each other
  underlay network create -d ipvlan --subnet 192.168.214.0/24 --subnet 10.1.214.0/24 -o ipvlan_mode=l3 ipnet210
  # IPv6-only L2 on VLAN 139
  underlay network create -d ipvlan --ipv6 --ipv4=false --subnet 2001:db8:abc2::/64 --gateway 2001:db8:abc2::22 -o parent=eth0.139 v6ipvlan139
  # See what a create would do first
  underlay network plan -d ipvlan --subnet 192.168.30.0/24 -o parent=eth0.30 vlan30`;

/** `network create`: prints the new network's id (and the warnings). */
function registerCreate(network: Command, ctx: CliContext): void {
  addNetworkCreateFlags(
    network.command('create').description('Create an ipvlan network and print its id'),
  )
    .addHelpText('after', CREATE_EXAMPLES)
    .action(async (name: string, flags: NetworkCreateFlags, command: Command) => {
      const request = await networkCreateRequest(name, flags);
      const answer = await ctx.withAgent(command, (api) => api.mutate('networks.create', request));
      for (const warning of answer.warnings.filter((w) => w.severity === 'warning'))
        ctx.warn(`Warning: ${formatIssue(warning)}`);
      ctx.print(answer.network.id);
    });
}

/** `network plan`: what create would do, sending nothing to the kernel. */
function registerPlan(network: Command, ctx: CliContext): void {
  addNetworkCreateFlags(
    network
      .command('plan')
      .description(
        'Show what create would do: validation issues and the kernel operations, sending nothing to the kernel',
      ),
  ).action(async (name: string, flags: NetworkCreateFlags, command: Command) => {
    const request = await networkCreateRequest(name, flags);
    const answer = await ctx.withAgent(command, (api) => api.query('networks.plan', request));
    const { lines, refused } = formatPlan(name, readPlan(answer));
    lines.forEach((line) =>
      line.startsWith('Error') || line.startsWith('Warning') ? ctx.warn(line) : ctx.print(line),
    );
    if (refused) ctx.fail();
  });
}

/** `network ls`: a table, ids only (-q) or the records as JSON, after the filters. */
function registerLs(network: Command, ctx: CliContext): void {
  network
    .command('ls')
    .alias('list')
    .description('List networks')
    .option('-q, --quiet', 'only display network ids')
    .option('--json', 'print the agent’s records as JSON')
    .option(
      '-f, --filter <key=value>',
      'filter by name, id, driver, label, mode, parent or scope (repeatable)',
      collect,
    )
    .action(
      async (flags: { quiet?: boolean; json?: boolean; filter?: string[] }, command: Command) => {
        const filters = parseNetworkFilters(flags.filter);
        const answer = await ctx.withAgent(command, (api) => api.query('networks.list'));
        const kept = answer.filter(
          (n) => filterNetworks([summariseNetwork(n)], filters).length > 0,
        );
        if (flags.json) return ctx.print(formatJson(kept));
        const rows = kept.map(summariseNetwork);
        (flags.quiet ? rows.map((n) => shortId(n.id)) : networkTable(rows)).forEach(ctx.print);
      },
    );
}

/** `network inspect` and `network rm`: one call per name, going on past a failed one. */
function registerInspectAndRm(network: Command, ctx: CliContext): void {
  network
    .command('inspect')
    .description(
      'Display detailed information on one or more networks, as JSON shaped like docker network inspect',
    )
    .argument('<network...>', 'network names or ids')
    .option('--format <format>', 'output format (only json)', 'json')
    .action(async (names: string[], flags: { format: string }, command: Command) => {
      if (flags.format !== 'json')
        throw usageError('--format', `"${flags.format}" is not supported:`, 'use --format json.');
      const found = await ctx.withAgent(command, (api) =>
        eachName(ctx, names, (network) => api.query('networks.inspect', { network })),
      );
      ctx.print(formatJson(found));
    });

  network
    .command('rm')
    .alias('remove')
    .description('Remove one or more networks (and the parent links underlay made for them)')
    .argument('<network...>', 'network names or ids')
    .action(async (names: string[], _flags: unknown, command: Command) => {
      await ctx.withAgent(command, (api) =>
        eachName(ctx, names, async (network) => {
          await api.mutate('networks.remove', { network });
          ctx.print(network);
        }),
      );
    });
}

/** `network connect` and `network disconnect`. */
function registerConnect(network: Command, ctx: CliContext): void {
  network
    .command('connect')
    .description(
      'Connect a container to a network (an ipvlan link named eth0, eth1… in its namespace)',
    )
    .argument('<network>', 'network name or id')
    .argument('<container>', 'container name')
    .option('--ip <address>', 'IPv4 address (default: the next free one)')
    .option('--ip6 <address>', 'IPv6 address (default: the next free one)')
    .action(
      async (
        net: string,
        container: string,
        flags: { ip?: string; ip6?: string },
        command: Command,
      ) => {
        const request = connectRequest(net, container, flags);
        await ctx.withAgent(command, (api) => api.mutate('networks.connect', request));
      },
    );

  network
    .command('disconnect')
    .description('Disconnect a container from a network (removes its link, frees its addresses)')
    .argument('<network>', 'network name or id')
    .argument('<container>', 'container name')
    .action(async (net: string, container: string, _flags: unknown, command: Command) => {
      await ctx.withAgent(command, (api) =>
        api.mutate('networks.disconnect', disconnectRequest(net, container)),
      );
    });
}

/** Registers `network create|ls|inspect|rm|connect|disconnect|plan`. */
export function registerNetwork(program: Command, ctx: CliContext): void {
  const network = program.command('network').description('Manage ipvlan networks');
  registerCreate(network, ctx);
  registerPlan(network, ctx);
  registerLs(network, ctx);
  registerInspectAndRm(network, ctx);
  registerConnect(network, ctx);
  registerDrift(network, ctx);
}

// Docker goes on past a missing name and exits 1 at the end; so do we.
/** Runs `run` for each name, printing each failure and collecting the answers of the others. */
export async function eachName<T>(
  ctx: CliContext,
  names: string[],
  run: (name: string) => Promise<T>,
): Promise<T[]> {
  const answers: T[] = [];
  for (const name of names) {
    try {
      answers.push(await run(name));
    } catch (error) {
      if (error instanceof CliError) throw error; // the connection itself failed: no point going on
      const rendered = renderError(error);
      rendered.lines.forEach(ctx.warn);
      ctx.fail(rendered.exitCode);
    }
  }
  return answers;
}

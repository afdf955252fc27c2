import type { Command } from 'commander';
import type { CliContext } from '../context';
import { formatRoutes } from '../format-route';
import { formatJson } from '../format-table';

// `underlay route ls`: what this host learned from the fleet and installed.

/** Registers `route ls`. */
export function registerRoute(program: Command, ctx: CliContext): void {
  const route = program.command('route').description('Routes distributed between hosts');
  route
    .command('ls')
    .alias('list')
    .description(
      'List the routes this host learned from the fleet, where each came from, and whether it is installed',
    )
    .option('--json', 'print the agent’s answer as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const answer = await ctx.withAgent(command, (api) => api.query('routes.list'));
      (flags.json ? [formatJson(answer)] : formatRoutes(answer)).forEach(ctx.print);
    });
}

import type { Command } from 'commander';
import type { CliContext } from '../context';
import type { ApplyFlags, FleetFlags, PlanFlags } from '../fleet-commands';
import { collect } from '../parse-flags';

// `underlay plan|apply -f FILE` and `underlay export`: the fleet as a file,
// planned and applied across several agents (terraform's verbs and exit codes).
// The actions load on use: they read fleet files with core's zod schemas, YAML
// and CSV parsers, which every other command would otherwise pay for at start.
const actions = () => import('../fleet-commands');

const HOSTS_HELP = `
Hosts:
  --agent NAME=SOCKET_OR_URL (repeat per host) names the fleet; without it the
  single agent of -H/UNDERLAY_HOST is the fleet, named by its hostname.
  --token-file PATH (all hosts) or NAME=PATH (one host); otherwise
  UNDERLAY_TOKEN / UNDERLAY_TOKEN_FILE as for every command.`;

const withHosts = (command: Command): Command =>
  command
    .option('--agent <name=address>', 'a host of the fleet and its agent (repeatable)', collect)
    .option('--token-file <[name=]path>', 'token file, for all hosts or one (repeatable)', collect)
    .addHelpText('after', HOSTS_HELP);

const globalHost = (command: Command): string | undefined =>
  command.optsWithGlobals<{ host?: string }>().host;

/** Registers `plan`, `apply` and `export`. */
export function registerFleet(program: Command, ctx: CliContext): void {
  withHosts(program.command('plan'))
    .description(
      'Show what apply -f FILE would change on each host (exit 2 when there are changes)',
    )
    .requiredOption('-f, --file <file>', 'fleet file (.yaml, .yml or .csv)')
    .option('--prune', 'also remove networks that are not in the file')
    .option('--json', 'print the plan as JSON')
    .action(async (flags: PlanFlags, command: Command) =>
      (await actions()).planCommand(ctx, flags, globalHost(command)),
    );

  withHosts(program.command('apply'))
    .description(
      'Apply a fleet file: plan, confirm, then change each host (rolled back per host on failure)',
    )
    .requiredOption('-f, --file <file>', 'fleet file (.yaml, .yml or .csv)')
    .option('--prune', 'also remove networks that are not in the file')
    .option('-y, --yes', 'apply without asking')
    .option('--parallel <n>', 'hosts applied at once', '4')
    .option('--continue-on-error', 'go on with the other hosts after one fails')
    .action(async (flags: ApplyFlags, command: Command) =>
      (await actions()).applyCommand(ctx, flags, globalHost(command)),
    );

  withHosts(program.command('export'))
    .description("Print the fleet's networks as a fleet file (YAML)")
    .action(async (flags: Omit<FleetFlags, 'file'>, command: Command) =>
      (await actions()).exportCommand(ctx, flags, globalHost(command)),
    );
}

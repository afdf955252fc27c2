import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { formatPing } from '../format-container';
import { formatInfo } from '../format-host';
import { formatJson } from '../format-table';
import { parsePositiveInt, parseSeconds } from '../parse-flags';
import { pingRequest } from '../parse-container';

// `underlay ping` and `underlay host info`: looking at what the agent sees.

/** `ping`: from inside a container, through the agent. */
function registerPing(program: Command, ctx: CliContext): void {
  program
    .command('ping')
    .description('Ping from inside a container to an address or to another container')
    .argument('<container>', 'container to ping from')
    .argument('<target>', 'an IPv4/IPv6 address, or another container’s name')
    .addOption(
      new Option('-c, --count <count>', 'number of echo requests').argParser((v) =>
        parsePositiveInt('-c/--count', v),
      ),
    )
    .addOption(
      new Option('-W, --timeout <seconds>', 'seconds to wait for each reply').argParser((v) =>
        parseSeconds('-W/--timeout', v),
      ),
    )
    .action(
      async (
        container: string,
        target: string,
        flags: { count?: number; timeout?: number },
        command: Command,
      ) => {
        const answer = await ctx.withAgent(command, (api) =>
          api.query('diag.ping', pingRequest(container, target, flags)),
        );
        const { lines, ok } = formatPing(answer);
        lines.forEach(ctx.print);
        if (!ok) ctx.fail();
      },
    );
}

/** `host info`: what the agent sees of its host. */
function registerHostInfo(program: Command, ctx: CliContext): void {
  const host = program.command('host').description('Look at the agent’s host');
  host
    .command('info')
    .description(
      'Show the host: name, kernel, capabilities, interfaces that can be parents, agent version',
    )
    .option('--json', 'print the agent’s answer as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const answer = await ctx.withAgent(command, (api) => api.query('host.info'));
      (flags.json ? [formatJson(answer)] : formatInfo(answer)).forEach(ctx.print);
    });
}

/** Registers `ping` and `host info`. */
export function registerDiag(program: Command, ctx: CliContext): void {
  registerPing(program, ctx);
  registerHostInfo(program, ctx);
}

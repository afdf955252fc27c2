import { type Command, Option } from 'commander';
import type { CliContext } from '../context';
import { containerNames, containerTable } from '../format-container';
import { formatJson } from '../format-table';
import { parsePositiveInt } from '../parse-flags';
import { attachRequest } from '../parse-container';
import { eachName } from './network';

// `underlay container …`: a container is a network namespace, made by the
// agent or adopted from a running Docker/Podman container.

/** `container create` and `container ls`. */
function registerCreateAndLs(container: Command, ctx: CliContext): void {
  container
    .command('create')
    .description('Create a container: a new named network namespace')
    .argument('<name>', 'container name')
    .action(async (name: string, _flags: unknown, command: Command) => {
      await ctx.withAgent(command, (api) => api.mutate('containers.create', { name }));
      ctx.print(name);
    });

  container
    .command('ls')
    .alias('list')
    .description('List containers')
    .option('-q, --quiet', 'only display names')
    .option('--json', 'print the agent’s records as JSON')
    .action(async (flags: { quiet?: boolean; json?: boolean }, command: Command) => {
      const answer = await ctx.withAgent(command, (api) => api.query('containers.list'));
      if (flags.json) return ctx.print(formatJson(answer));
      (flags.quiet ? containerNames(answer) : containerTable(answer)).forEach(ctx.print);
    });
}

/** `container rm`: one call per name, going on past a failed one. */
function registerRm(container: Command, ctx: CliContext): void {
  container
    .command('rm')
    .alias('remove')
    .description('Remove containers (deletes namespaces underlay made; forgets adopted ones)')
    .argument('<container...>', 'container names')
    .action(async (names: string[], _flags: unknown, command: Command) => {
      await ctx.withAgent(command, (api) =>
        eachName(ctx, names, async (name) => {
          await api.mutate('containers.remove', { container: name });
          ctx.print(name);
        }),
      );
    });
}

/** `container attach`: adopts a namespace by pid, path or name. */
function registerAttach(container: Command, ctx: CliContext): void {
  container
    .command('attach')
    .description(
      'Adopt an existing network namespace (e.g. a Docker or Podman container) under a name',
    )
    .argument('<name>', 'name to give it in underlay')
    .addOption(
      new Option('--pid <pid>', 'a process in the namespace').argParser((v) =>
        parsePositiveInt('--pid', v),
      ),
    )
    .option('--netns <path>', 'path of the namespace, e.g. /proc/PID/ns/net or /run/netns/NAME')
    .option('--netns-name <name>', 'name of a namespace under /run/netns')
    .action(
      async (
        name: string,
        flags: { pid?: number; netns?: string; netnsName?: string },
        command: Command,
      ) => {
        const request = attachRequest(name, flags);
        await ctx.withAgent(command, (api) => api.mutate('containers.attach', request));
        ctx.print(name);
      },
    );
}

/** Registers `container create|ls|rm|attach`. */
export function registerContainer(program: Command, ctx: CliContext): void {
  const container = program
    .command('container')
    .description('Manage containers (network namespaces)');
  registerCreateAndLs(container, ctx);
  registerRm(container, ctx);
  registerAttach(container, ctx);
}

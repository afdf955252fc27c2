import type { Command } from 'commander';
import { usageError } from '../cli-error';
import type { CliContext } from '../context';
import { driftLines, repairLines } from '../format-drift';
import { formatEvent, unwrapEvent } from '../format-events';
import { formatJson } from '../format-table';

// Watching and mending a host: `events` (like `docker events`), and
// `network drift` / `network repair` (records against the kernel).

/** Registers `events`. */
export function registerEvents(program: Command, ctx: CliContext): void {
  program
    .command('events')
    .description(
      'Stream the agent’s events (networks, endpoints, containers, drift, link changes) until Ctrl-C',
    )
    .option(
      '--since <id>',
      'replay the events after this event id first (a whole number, as --json prints it; 0: every event kept)',
    )
    .option('--json', 'one JSON object per line, with its id')
    .action(async (flags: { since?: string; json?: boolean }, command: Command) => {
      // The agent reads an id that is not a number as 0 and would replay everything: refuse it here.
      if (flags.since !== undefined && !/^\d+$/.test(flags.since))
        throw usageError(
          '--since',
          `"${flags.since}" is not an event id:`,
          'give a whole number such as 42 (the "id" that underlay events --json prints), or 0 to replay every event kept.',
        );
      const stop = new AbortController();
      void ctx.io.untilStopped().then(() => stop.abort());
      await ctx.withAgent(command, (api) =>
        api.subscribe(
          'events.stream',
          flags.since ? { lastEventId: flags.since } : undefined,
          (value) => {
            const { id, event } = unwrapEvent(value);
            ctx.print(flags.json ? JSON.stringify({ id, ...event }) : formatEvent(event));
          },
          stop.signal,
        ),
      );
    });
}

/** Registers `network drift` and `network repair` on the `network` command. */
export function registerDrift(network: Command, ctx: CliContext): void {
  network
    .command('drift')
    .description(
      'Show where the kernel differs from the agent’s records (links deleted, moved or changed by hand)',
    )
    .option('--json', 'print the drift items as JSON')
    .action(async (flags: { json?: boolean }, command: Command) => {
      const items = await ctx.withAgent(command, (api) => api.query('networks.drift'));
      (flags.json ? [formatJson(items)] : driftLines(items)).forEach(ctx.print);
    });

  network
    .command('repair')
    .description(
      'Bring the kernel back to the records: re-create parents and links, free endpoints whose namespace is gone',
    )
    .action(async (_flags: unknown, command: Command) => {
      const answer = await ctx.withAgent(command, (api) => api.mutate('networks.repair'));
      repairLines(answer).forEach(ctx.print);
    });
}

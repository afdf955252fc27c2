import type { Command } from 'commander';
import { registerAgent } from './commands/agent';
import { registerContainer } from './commands/container';
import { registerDiag } from './commands/diag';
import { registerFleet } from './commands/fleet';
import { registerNetwork } from './commands/network';
import { registerRoute } from './commands/route';
import { registerEvents } from './commands/watch';
import type { CliContext } from './context';

// Making commander's options for every command was a large share of the CLI's
// own start before each call (docs/perf.md, operations end to end), and a call
// runs one command. So only the group the command line names is registered;
// anything else (no command, help, a typo) gets every group, so help lists
// them all and a typo gets its suggestion.

type Register = (program: Command, ctx: CliContext) => void;

/** Each group's top-level command names and its registration, in the order help lists them. */
const GROUPS: { names: readonly string[]; register: Register }[] = [
  { names: ['network'], register: registerNetwork },
  { names: ['container'], register: registerContainer },
  { names: ['ping', 'host'], register: registerDiag },
  { names: ['route'], register: registerRoute },
  { names: ['events'], register: registerEvents },
  { names: ['agent'], register: registerAgent },
  { names: ['plan', 'apply', 'export'], register: registerFleet },
];

/** Global options that take the next word as their value. */
const VALUED = new Set(['-H', '--host', '--tls-ca']);
const HELP = new Set(['-h', '--help', 'help']);

/** The command word of `args`: the first word that is neither a global option nor its value. */
export function commandWord(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (VALUED.has(arg)) i++;
    else if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Registers the group whose command `args` names, or every group (no command, help asked, unknown command). */
export function registerCommands(program: Command, ctx: CliContext, args: readonly string[]): void {
  const word = commandWord(args);
  const named = args.some((a) => HELP.has(a))
    ? []
    : GROUPS.filter((g) => word !== undefined && g.names.includes(word));
  for (const group of named.length > 0 ? named : GROUPS) group.register(program, ctx);
}

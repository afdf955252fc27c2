import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json';
import { registerCommands } from './command-groups';
import { BOOLEAN_FLAGS } from './commands/network-flags';
import { type CliIo, createContext } from './context';
import { normaliseBooleanFlags } from './parse-flags';
import { renderError } from './render-error';
import { DEFAULT_SOCKET, DEFAULT_TOKEN_FILE } from './target';

// The `underlay` program: Docker's verbs, a tRPC client of the agent. Runs
// in-process with any CliIo, so tests drive it without spawning.

const ENVIRONMENT_HELP = `
Environment:
  UNDERLAY_HOST        agent to talk to, as -H (default ${DEFAULT_SOCKET})
  UNDERLAY_TOKEN_FILE  file holding the agent's token (default ${DEFAULT_TOKEN_FILE})
  UNDERLAY_TOKEN       the token itself (wins over UNDERLAY_TOKEN_FILE)
  UNDERLAY_TLS_CA      CA certificate (PEM file) of a wss:// agent, as --tls-ca`;

/** Builds the commander program (`args`: the command line, to register only the group it names; default all); errors thrown by actions propagate to `runCli`. */
export function buildProgram(
  io: CliIo,
  state: { exitCode: number },
  args: readonly string[] = [],
): Command {
  const program = new Command('underlay')
    .description('IPvlan and 802.1Q VLAN networks on Linux hosts, with the Docker network verbs')
    .version(packageJson.version, '-v, --version', 'print the version')
    .option(
      '-H, --host <host>',
      'agent to talk to: a unix socket path or a ws:// or wss:// URL (env UNDERLAY_HOST)',
    )
    .option(
      '--tls-ca <file>',
      "CA certificate (PEM) that signed a wss:// agent's certificate (env UNDERLAY_TLS_CA)",
    )
    .addHelpText('after', ENVIRONMENT_HELP)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout(text),
      writeErr: (text) => io.stderr(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'Error: ')),
    });
  registerCommands(program, createContext(io, state), args);
  return program;
}

/** Runs the CLI on `argv` (without node and script); resolves to the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const state = { exitCode: 0 };
  try {
    const args = normaliseBooleanFlags(argv, BOOLEAN_FLAGS);
    await buildProgram(io, state, args).parseAsync(args, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return commanderExitCode(error);
    const { lines, exitCode } = renderError(error);
    for (const line of lines) io.stderr(`${line}\n`);
    return exitCode;
  }
}

// commander has already printed its message (or the help); usage errors exit
// 2 as Docker's and most CLIs' do. Help and --version exit 0, and so does a
// bare `underlay` or `underlay network`, which print the help as Docker does.
function commanderExitCode(error: CommanderError): number {
  const helpful = ['commander.helpDisplayed', 'commander.version', 'commander.help'];
  return error.exitCode === 0 || helpful.includes(error.code) ? 0 : 2;
}

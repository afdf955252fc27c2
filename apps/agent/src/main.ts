import process from 'node:process';
import { version } from '../package.json';
import { endQuietlyOnClosedPipe } from './cli/closed-pipe';

// Entry point of the `underlay` binary (bundled to dist/main.js). `underlay
// --version` answers from this file alone: commander, the commands and core's
// helpers were half of its start (bench:cli, docs/perf.md). Any other command
// loads the CLI; `underlay agent` then loads the daemon itself (SQLite, pino
// and the kernel layer are not needed to list networks).

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  endQuietlyOnClosedPipe(process.stdout);
  process.stdout.write(`${version}\n`);
} else {
  const [{ processIo }, { runCli }] = await Promise.all([
    import('./cli/io'),
    import('./cli/program'),
  ]);
  const io = processIo(async (config) => (await import('./server/start-agent')).startAgent(config));
  process.exitCode = await runCli(argv, io);
}

import { processIo } from './cli/io';
import { runCli } from './cli/program';

// Entry point of the `underlay` binary (bundled to dist/main.js): the CLI, and
// with `underlay agent` the daemon itself, loaded only then (SQLite, pino and
// the kernel layer are not needed to list networks).

const io = processIo(async (config) => (await import('./server/start-agent')).startAgent(config));

process.exitCode = await runCli(process.argv.slice(2), io);

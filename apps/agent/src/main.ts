import process from 'node:process';
import { processIo } from './cli/io';
import { runCli } from './cli/program';

// Entry point of the bundled CLI (dist/main.cjs), required by bin/underlay.cjs
// for every command but `underlay --version`, which the bin answers itself.
// It loads the CLI; `underlay agent` then loads the daemon itself (SQLite,
// pino and the kernel layer are not needed to list networks).

const io = processIo(async (config) => (await import('./server/start-agent')).startAgent(config));
// No top-level await: the bundle is CommonJS (build.mjs says why).
void runCli(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});

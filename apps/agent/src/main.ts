import { processIo } from './cli/io';
import { runCli } from './cli/program';

// Entry point of the `underlay` binary (bundled to dist/main.js).

const io = processIo(async () => {
  throw new Error('the agent daemon is not built into this binary yet (apps/agent/src/index.ts has no startAgent).');
});

process.exitCode = await runCli(process.argv.slice(2), io);

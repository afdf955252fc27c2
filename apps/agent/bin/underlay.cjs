#!/usr/bin/env node
// The `underlay` command. `underlay --version` answers here, before node
// loads any file of the bundle. Every other command requires the bundled CLI,
// dist/main.cjs: CommonJS like this file, so a command runs without node's ES
// module loader, a visible share of the start (bench:cli, figures in
// docs/perf.md, "CLI start"), and with the build's V8 code cache of it
// (code-cache.cjs). `underlay agent` then imports the daemon.
'use strict';

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
  // A closed stdout (`underlay --version | true`) ends quietly, as src/cli/closed-pipe.ts does for the CLI.
  process.stdout.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  process.stdout.write(`${require('../package.json').version}\n`);
} else {
  const { existsSync } = require('node:fs');
  const { join } = require('node:path');
  const main = join(__dirname, '..', 'dist', 'main.cjs');
  if (!existsSync(main)) {
    process.stderr.write(
      'Error: underlay is not built: run "pnpm --filter @underlay/agent run build" first.\n',
    );
    process.exit(1);
  }
  // The build's V8 code cache of the bundle, when there is one (code-cache.cjs says why and when it is skipped).
  require('./code-cache.cjs').useCodeCache(join(__dirname, '..', 'dist'));
  require(main);
}

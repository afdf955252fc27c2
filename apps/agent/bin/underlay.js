#!/usr/bin/env node
// The `underlay` command: the bundled CLI (and daemon) in dist/main.js.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'Error: underlay is not built: run "pnpm --filter @underlay/agent run build" first.\n',
  );
  process.exit(1);
}
await import(main.href);

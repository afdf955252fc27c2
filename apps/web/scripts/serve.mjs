// Serves the production build (`next build`) as `next start` does, without
// the `next` CLI: the same server (`startServer`, its SIGINT/SIGTERM exits
// 130/143) with the configuration `next build` serialised into
// `<distDir>/required-server-files.json`, which is what the `server.js` of
// Next's `output: 'standalone'` does. `next start` instead loads its CLI
// and compiles next.config.ts at every start; skipping both makes the hub
// answer sooner (docs/perf.md, "Hub at fleet scale"). Not `output:
// 'standalone'` itself: that copies node_modules into the build, needs
// `.next/static` copied beside it, and changes the working directory that
// UNDERLAY_WEB_DATA's default is relative to.
// Usage: node scripts/serve.mjs [--port N] [--hostname H] (PORT, HOSTNAME
// as defaults, like `next start`). Plain Node: nothing here needs tsx.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import { parseArgs } from 'node:util';

const appDir = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(appDir, 'package.json'));

/** Port and hostname from the arguments `next start` takes, checked. */
function listenOptions() {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', short: 'p', default: process.env.PORT || '3000' },
      hostname: { type: 'string', short: 'H', default: process.env.HOSTNAME },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port: "${values.port}" is not a port number (0–65535); e.g. --port 3000`);
  return { port, hostname: values.hostname };
}

/** The configuration `next build` wrote for this build (the build dir as next.config.ts names it). */
function builtConfig() {
  const distDir = process.env.UNDERLAY_WEB_DIST_DIR || '.next';
  const file = join(appDir, distDir, 'required-server-files.json');
  if (!existsSync(join(appDir, distDir, 'BUILD_ID')) || !existsSync(file))
    throw new Error(
      `No production build in ${join(appDir, distDir)}: run \`pnpm --filter @underlay/web run build\` first (same UNDERLAY_WEB_DIST_DIR).`,
    );
  return JSON.parse(readFileSync(file, 'utf8')).config;
}

try {
  const { port, hostname } = listenOptions();
  const config = builtConfig();
  process.env.NODE_ENV = 'production';
  process.env.NEXT_PRIVATE_START_TIME ??= String(Date.now());
  // Next's own switch for "configuration already resolved at build time" (config.js).
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
  // As Next's generated standalone server.js: `next` first, then its server.
  require('next');
  const { startServer } = require('next/dist/server/lib/start-server');
  await startServer({ dir: appDir, isDev: false, config, hostname, port, allowRetry: false });
} catch (error) {
  process.stderr.write(
    `underlay dashboard: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

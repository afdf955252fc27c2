import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tier: no root, no kernel. Lab tiers live in *.lab.test.ts and run with vitest.lab.config.ts,
// as does the hub's scale test (*.scale.test.ts: needs the web and agent builds, 100 replay agents).
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  // Generous timeouts: npm test runs every package's tier at once on 2 cores, and
  // scrypt, spawns and sockets slow down under that load. Nothing here is a timing test.
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.lab.test.ts', 'test/**/*.scale.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

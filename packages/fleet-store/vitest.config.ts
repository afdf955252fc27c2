import { defineConfig } from 'vitest/config';

// Unit tier: no root, no kernel. Lab tiers live in *.lab.test.ts and run with vitest.lab.config.ts.
export default defineConfig({
  // Generous timeouts: npm test runs every package's tier at once on 2 cores, and
  // scrypt, spawns and sockets slow down under that load. Nothing here is a timing test.
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.lab.test.ts', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

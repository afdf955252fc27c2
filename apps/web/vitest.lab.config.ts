import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Lab tier: the hub against real agents in user-mode-linux guests
// (packages/lab), and the hub with 100 replay agents (*.scale.test.ts: needs
// `next build`, which scripts/test.sh runs before the lab tiers). Needs root. Its own lab ("web") so it never collides with
// another package's run.
process.env.UNDERLAY_LAB_NAME ??= 'web';
process.env.UNDERLAY_LAB_HOSTS ??= '2';
process.env.UNDERLAY_LAB_AGENT = '1';

export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: {
    include: ['test/**/*.lab.test.ts', 'test/**/*.scale.test.ts'],
    globalSetup: ['./test/lab/build-agent.ts', '../../packages/lab/src/vitest-global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

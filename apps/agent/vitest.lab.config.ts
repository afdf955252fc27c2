import { defineConfig } from 'vitest/config';

// Lab tier: real kernels in user-mode-linux guests (packages/lab). Needs root.
// One lab for the whole run; tests share it and clean up after themselves.
export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    globalSetup: ['../../packages/lab/src/vitest-global-setup.ts'],
    env: { UNDERLAY_LAB_NAME: 'agent' },
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

import { defineConfig } from 'vitest/config';

// Lab tier: boots real kernels (user-mode-linux guests) once for the run; needs
// root and a built package (pnpm --filter @underlay/lab build).
process.env.UNDERLAY_LAB_NAME ??= 'lab-test';

export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    globalSetup: ['./src/vitest-global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

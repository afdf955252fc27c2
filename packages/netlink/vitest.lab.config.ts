import { defineConfig } from 'vitest/config';

// Kernel tier: needs root. machine.lab.test.ts runs on this machine's kernel
// in throwaway namespaces; the others run netlink inside lab guests (booted
// once by the lab's global setup) through the lab's `call`.
process.env.UNDERLAY_LAB_NAME ??= 'netlink';
process.env.UNDERLAY_LAB_HOSTS ??= '2';

export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    globalSetup: ['@underlay/lab/vitest-global-setup', './test/lab/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

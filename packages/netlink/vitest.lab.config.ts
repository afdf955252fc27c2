import { defineConfig } from 'vitest/config';

// Kernel tier: needs root. machine.lab.test.ts runs on this machine's kernel
// in throwaway namespaces; the others run netlink inside lab guests (booted
// once per run by the lab's global setup, torn down after) through `call`.
// UNDERLAY_LAB_ATTACH=1 reuses a lab already up (`lab up 2 --name netlink`)
// instead, for quick iterations; the lab is then left up.
process.env.UNDERLAY_LAB_NAME ??= 'netlink';
process.env.UNDERLAY_LAB_HOSTS ??= '2';
const bootLab = process.env.UNDERLAY_LAB_ATTACH !== '1';

export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    globalSetup: [
      ...(bootLab ? ['@underlay/lab/vitest-global-setup'] : []),
      './test/lab/global-setup.ts',
    ],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

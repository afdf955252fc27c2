import { defineConfig } from 'vitest/config';

// Lab tier: etcd started inside the lab's namespace on 192.0.2.1 (the
// management bridge), clients running in the guests. Boots its own lab of 3
// hosts (UNDERLAY_LAB_NAME, default "fleet-store"); UNDERLAY_LAB_ATTACH=1
// reuses a lab already up instead.
process.env.UNDERLAY_LAB_NAME ??= 'fleet-store';
process.env.UNDERLAY_LAB_HOSTS ??= '3';
const bootLab = process.env.UNDERLAY_LAB_ATTACH !== '1';

export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    globalSetup: bootLab ? ['@underlay/lab/vitest-global-setup'] : [],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});

import { defineConfig } from 'vitest/config';

// Lab tier: real kernels in user-mode-linux guests (packages/lab), each running
// the built agent. Needs root. One lab ("agent", so it never collides with
// another package's) for the whole run; tests share it in file order.
process.env.UNDERLAY_LAB_NAME ??= 'agent';
process.env.UNDERLAY_LAB_HOSTS ??= '3'; // bgp (host-c is the upstream router) and fleet-ipam (three hosts) need three
process.env.UNDERLAY_LAB_AGENT = '1';

export default defineConfig({
  test: {
    include: ['test/**/*.lab.test.ts'],
    // Build first: the guests run apps/agent/dist/main.js.
    globalSetup: ['./test/lab/build-agent.ts', '../../packages/lab/src/vitest-global-setup.ts'],
    fileParallelism: false,
    sequence: { concurrent: false },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Unit tier: no root, no kernel. Lab tiers live in *.lab.test.ts and run with vitest.lab.config.ts.
export default defineConfig({
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  test: { include: ['test/**/*.test.ts'], exclude: ['test/**/*.lab.test.ts', 'node_modules/**'] },
});

// Bundles the agent into plain JS: it runs in lab guests with the host's own
// node on a read-only root, where nothing can compile TypeScript.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'src/main.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  external: ['better-sqlite3'],
  logLevel: 'warning',
});

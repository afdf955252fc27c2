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

// underlay-cni, the CNI plugin binary (cni/underlay-cni.c): a small C client
// of the agent, static so it runs wherever a runtime's CNI_PATH puts it.
// Needs a C compiler (Debian: gcc, libc6-dev); falls back to a dynamic build.
import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';

const cc = (extra) =>
  execFileSync(
    'cc',
    ['-O2', '-Wall', ...extra, '-o', 'dist/underlay-cni.tmp', 'cni/underlay-cni.c'],
    {
      stdio: 'inherit',
    },
  );
try {
  cc(['-static']);
} catch {
  cc([]);
}
renameSync('dist/underlay-cni.tmp', 'dist/underlay-cni');

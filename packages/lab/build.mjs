// Bundles the lab's entry points into plain JS: the guests run the host's own
// node on a read-only root, so nothing there can compile TypeScript. The relay
// runs in the lab's namespace under plain node for the same reason.
import { build } from 'esbuild';

await build({
  entryPoints: {
    cli: 'src/cli.ts',
    relay: 'src/relay/main.ts',
    'guest/exec-server': 'src/guest/exec-server.ts',
  },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  logLevel: 'warning',
});

// The seccomp shim that lets Debian's UML 6.1 run on CPUs with AMX (see the
// comment in guest/xstate-off.c). Needs a C compiler (Debian: gcc).
import { execFileSync } from 'node:child_process';
import { renameSync } from 'node:fs';

execFileSync('cc', ['-O2', '-Wall', '-o', 'dist/xstate-off.tmp', 'guest/xstate-off.c'], {
  stdio: 'inherit',
});
renameSync('dist/xstate-off.tmp', 'dist/xstate-off');

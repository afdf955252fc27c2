// Bundles the agent into plain JS: it runs in lab guests with the host's own
// node on a read-only root, where nothing can compile TypeScript. Split into
// chunks so that dist/main.js (the CLI) loads no daemon code: main.ts imports
// the daemon (server, store, kernel, SQLite, pino) dynamically, and esbuild
// puts that import in its own chunk, read only by `underlay agent`.
//   node build.mjs [OUTDIR]   (default dist; OUTDIR/meta.json is esbuild's
//   metafile, read by test/cli/bundle.test.ts to check what the CLI loads)
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import process from 'node:process';
import { build } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
const result = await build({
  // replay-fleet: replay agents for the hub's scale test and benchmarks (test/replay/replay-fleet.ts).
  entryPoints: { main: 'src/main.ts', 'replay-fleet': 'test/replay/replay-fleet.ts' },
  outdir,
  metafile: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  target: 'node20',
  sourcemap: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  // etcd3 reads its .proto files from its package directory at run time.
  external: ['better-sqlite3', 'etcd3'],
  logLevel: 'warning',
});
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));

// Chunk names carry a content hash, so a rebuild leaves the old ones behind.
// A CLI or agent started from the previous build may still be loading them
// (a test suite builds while a lab runs the last build): only chunks unused
// by this build and older than ten minutes are removed.
const chunks = join(outdir, 'chunks');
const current = new Set(Object.keys(result.metafile.outputs).map((path) => basename(path)));
for (const file of readdirSync(chunks)) {
  const path = join(chunks, file);
  if (!current.has(file) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path);
}

// underlay-cni, the CNI plugin binary (cni/underlay-cni.c): a small C client
// of the agent, static so it runs wherever a runtime's CNI_PATH puts it.
// Needs a C compiler (Debian: gcc, libc6-dev); falls back to a dynamic build.
// Compiled only when the source or the flags changed since the last build
// (a stamp beside the binary holds their hash): every agent build ran the
// compiler before, ~1 s of CPU on each test run.
const SOURCE = 'cni/underlay-cni.c';
const FLAGS = ['-O2', '-Wall'];
const binary = join(outdir, 'underlay-cni');
const stamp = join(outdir, 'underlay-cni.stamp');
const digest = createHash('sha256')
  .update(JSON.stringify(FLAGS))
  .update(readFileSync(SOURCE))
  .digest('hex');
const built = existsSync(binary) && existsSync(stamp) && readFileSync(stamp, 'utf8') === digest;
if (!built) {
  const cc = (extra) =>
    execFileSync('cc', [...FLAGS, ...extra, '-o', `${binary}.tmp`, SOURCE], { stdio: 'inherit' });
  try {
    cc(['-static']);
  } catch {
    cc([]);
  }
  renameSync(`${binary}.tmp`, binary);
  writeFileSync(stamp, digest);
}

// Bundles the agent into plain JS: it runs in lab guests with the host's own
// node on a read-only root, where nothing can compile TypeScript. Two builds:
//   - the daemon (dist/agent.js, from server/start-agent.ts) and the replay
//     fleet, split into dist/chunks/;
//   - the CLI (dist/main.cjs), split into dist/cli/ so each command loads only
//     its own lazy pieces, and minified. It is built apart from the daemon:
//     in one build esbuild put modules both use (tRPC's server core beside
//     the client's links, ws's server beside its client) in shared chunks, so
//     a `container rm` loaded ~160 KB of server code it never ran
//     (docs/perf.md, operations end to end). main.ts imports the daemon
//     dynamically; that import is rewritten to ./agent-start.cjs, a door to
//     ./agent.js read only by `underlay agent`.
//     The CLI is CommonJS: node's ES module loader (its resolve, async reads
//     and linking of each file) is a visible share of a CLI call's start
//     (docs/perf.md, "CLI start"). esbuild splits only ES modules, so the CLI
//     is built as ES modules in memory, then each file is turned into
//     CommonJS (static imports become requires, dynamic ones lazy requires).
//   node build.mjs [OUTDIR]   (default dist; OUTDIR/meta.json is both builds'
//   metafile, read by test/cli/bundle.test.ts to check what the CLI loads)
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import process from 'node:process';
import { build, transform } from 'esbuild';

const outdir = process.argv[2] ?? 'dist';
const { clearCodeCache } = createRequire(import.meta.url)('./bin/code-cache.cjs');
const common = {
  outdir,
  metafile: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: 'node20',
  sourcemap: true,
  banner: {
    js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
  },
  // etcd3 reads its .proto files from its package directory at run time.
  external: ['better-sqlite3', 'etcd3'],
  logLevel: 'warning',
};

/** The CLI's import of the daemon points at the daemon's own build. */
const daemonApart = {
  name: 'daemon-apart',
  setup(b) {
    b.onResolve({ filter: /\/server\/start-agent$/ }, () => ({
      path: './agent-start.cjs',
      external: true,
    }));
  },
};

/**
 * commander requires node:child_process at load, for executable subcommands, which this CLI has none of; loading
 * it (with dgram and net's child-process pieces) is part of every CLI call's start. Inside commander, it becomes
 * a stand-in that requires the real module on first use.
 */
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) =>
      /[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents:
        "module.exports = new Proxy({}, { get: (_, key) => require('node:child_process')[key] });",
      loader: 'js',
    }));
  },
};

const [daemon, cli] = await Promise.all([
  build({
    ...common,
    // replay-fleet: replay agents for the hub's scale test and benchmarks (test/replay/replay-fleet.ts).
    entryPoints: {
      agent: 'src/server/start-agent.ts',
      'replay-fleet': 'test/replay/replay-fleet.ts',
    },
    chunkNames: 'chunks/[name]-[hash]',
  }),
  build({
    ...common,
    entryPoints: { main: 'src/main.ts' },
    chunkNames: 'cli/[name]-[hash]',
    outExtension: { '.js': '.cjs' },
    // No createRequire banner: as CommonJS, each file has node's own require.
    banner: {},
    minify: true,
    // Inline, so the CommonJS step below reads it and maps its output to the sources.
    sourcemap: 'inline',
    write: false,
    plugins: [daemonApart, lazyChildProcess],
  }),
]);
for (const file of cli.outputFiles) {
  const name = basename(file.path);
  const { code, map } = await transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // import() of a chunk becomes a require() when it runs, still lazy.
    supported: { 'dynamic-import': false },
    minify: true,
    sourcemap: 'external',
    sourcefile: name,
  });
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, `${code}//# sourceMappingURL=${name}.map\n`);
  writeFileSync(`${file.path}.map`, map);
}
// The CLI's door to the daemon: an ES module, which CommonJS loads only with import().
writeFileSync(
  join(outdir, 'agent-start.cjs'),
  `'use strict';
// Written by build.mjs: \`underlay agent\` loads the daemon (an ES module) through here.
exports.startAgent = async (config) => (await import('./agent.js')).startAgent(config);
`,
);
// The CLI's entry before it became CommonJS: a stale copy would still start, as an older CLI.
for (const stale of ['main.js', 'main.js.map']) rmSync(join(outdir, stale), { force: true });
const metafile = {
  inputs: { ...daemon.metafile.inputs, ...cli.metafile.inputs },
  outputs: { ...daemon.metafile.outputs, ...cli.metafile.outputs },
};
writeFileSync(join(outdir, 'meta.json'), JSON.stringify(metafile));

// Chunk names carry a content hash, so a rebuild leaves the old ones behind.
// A CLI or agent started from the previous build may still be loading them
// (a test suite builds while a lab runs the last build): only chunks unused
// by this build and older than ten minutes are removed.
const current = new Set(
  Object.keys(metafile.outputs).flatMap((path) => [basename(path), `${basename(path)}.map`]),
);
for (const dir of ['chunks', 'cli'].map((name) => join(outdir, name))) {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) {
    const path = join(dir, file);
    if (!current.has(file) && Date.now() - statSync(path).mtimeMs > 10 * 60_000) rmSync(path);
  }
}

// The CLI's V8 code cache (bin/code-cache.cjs says why). Recorded by running
// the CLI from this build against a stand-in agent on a unix socket: it lists
// no networks, and refuses everything else with a tRPC error, so the runs go
// through the paths every command takes (flags, the client, the request, a
// table, an error). Each run starts from the last one's cache and adds what it
// compiled. A build that cannot record still works, without the cache.
await recordCodeCache(outdir);

/** Runs the CLI of `dir` a few times against a stand-in agent, recording its code cache. */
async function recordCodeCache(dir) {
  clearCodeCache(dir);
  const tmp = mkdtempSync(join(tmpdir(), 'underlay-code-cache-'));
  const socket = join(tmp, 'agent.sock');
  const refusal = JSON.stringify([
    {
      error: {
        message: 'the stand-in agent of the build',
        code: -32600,
        data: { code: 'BAD_REQUEST', httpStatus: 400 },
      },
    },
  ]);
  const server = createServer((req, res) => {
    const list = req.url?.includes('networks.list');
    res.writeHead(list ? 200 : 400, { 'content-type': 'application/json' });
    res.end(list ? '[{"result":{"data":[]}}]' : refusal);
  });
  await new Promise((resolve) => server.listen(socket, resolve));
  const record = (args) =>
    new Promise((resolve, reject) =>
      execFile(
        process.execPath,
        [join('bin', 'code-cache.cjs'), 'record', dir, ...args],
        {
          env: { PATH: process.env.PATH, UNDERLAY_HOST: socket, UNDERLAY_TOKEN: 'build' },
          timeout: 30_000,
        },
        (error, _stdout, stderr) =>
          error && error.code !== 1
            ? reject(new Error(`${args.join(' ')}: ${stderr || error.message}`))
            : resolve(),
      ),
    );
  try {
    await record(['network', 'ls']);
    await record([
      'network',
      'create',
      '-o',
      'parent=eth0.10',
      '--subnet',
      '10.10.0.0/24',
      'build',
    ]);
    await record(['container', 'rm', 'build']);
  } catch (error) {
    process.stderr.write(`build.mjs: no code cache for the CLI (${error.message.trim()})\n`);
    clearCodeCache(dir);
  } finally {
    server.close();
    rmSync(tmp, { recursive: true, force: true });
  }
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

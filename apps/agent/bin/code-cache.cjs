'use strict';
// A V8 code cache for the CLI's own bundle (dist/main.cjs and dist/cli/*.cjs).
// Compiling the bundle (parsing it, then each function on its first call) is
// a visible share of every command's start, and node 20 has no compile cache
// of its own (node 22's module.enableCompileCache). build.mjs runs a few CLI
// commands with `record` and keeps, beside the bundle, what V8 compiled during
// those runs; later runs hand it back to V8 (`useCodeCache`), so those
// functions are not compiled again. Figures in docs/perf.md, "CLI start".
// The files go through node's loader hook for an extension
// (Module._extensions, require.extensions: deprecated in the docs, kept by
// node): node 20 has no other place to hand V8 a cache for a file require() loads.
//
// The cache is only ever a head start:
//   - it lives in the build's own directory (dist/code-cache/), written by the
//     build, never at run time: bytecode is code, and a cache anyone else could
//     write would be code they run;
//   - a file whose text differs from the one the build recorded (edited or
//     rebuilt since: another size, or another mtime and another hash) is
//     compiled as usual;
//   - V8 itself refuses a cache from another V8 version or with other flags,
//     or one that fails its checksum, and then compiles as usual.
//
//   node bin/code-cache.cjs record DIST ARGS...   (build.mjs: runs `underlay ARGS` from DIST, recording)

const Module = require('node:module');
const { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { dirname, join, relative, resolve, sep } = require('node:path');
const { Script } = require('node:vm');

const DIR = 'code-cache';
const MANIFEST = 'manifest.json';

/** The bundle's files this cache covers: the entry and the CLI's chunks (agent-start.cjs imports an ES module, which a vm.Script cannot). */
const covered = (name) => name === 'main.cjs' || name.startsWith(`cli${sep}`);

/** Runs CommonJS `source` as node's loader would, compiled with `cachedData` when given; returns the Script. */
function run(module, filename, source, cachedData) {
  // The wrapper's head on a line of its own, and lineOffset -1: stack lines and columns stay the file's own.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`,
    {
      filename,
      lineOffset: -1,
      ...(cachedData ? { cachedData } : {}),
    },
  );
  const require = (id) => module.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
  require.main = process.mainModule;
  require.cache = Module._cache;
  script
    .runInThisContext()
    .call(module.exports, module.exports, require, module, filename, dirname(filename));
  return script;
}

/** The build's record of `dist`'s cache: for each covered file, the size, mtime and hash of the text it was made from. */
function readManifest(dist) {
  try {
    return JSON.parse(readFileSync(join(dist, DIR, MANIFEST), 'utf8')).files;
  } catch {
    return undefined;
  }
}

const sha256 = (source) => require('node:crypto').createHash('sha256').update(source).digest('hex');

/** Whether `source` is the text `made` was recorded from (false too when it cannot be hashed: a node without crypto). */
function sameText(made, source) {
  try {
    return made.sha256 === sha256(source);
  } catch {
    return false;
  }
}

/**
 * The cache of `name` when it was made from the file as it is now: 'none', 'stale' or the bytes. The same mtime
 * as when it was made is taken for the same text; another mtime (a copy, or a restore from turbo's cache) is checked
 * against the text's hash, a few ms (crypto's load) that only such a file pays.
 */
function cacheOf(dist, files, name, stat, source) {
  const made = files[name];
  if (!made) return 'none';
  if (made.size !== stat.size) return 'stale';
  if (made.mtimeMs !== stat.mtimeMs && !sameText(made, source)) return 'stale';
  try {
    return readFileSync(join(dist, DIR, `${name}.v8`));
  } catch {
    return 'none';
  }
}

/**
 * Loads the covered files of `dist` compiled with the cache `files` records (as cacheOf finds it), any other file as
 * node does; tells `loaded` of each covered file, with how: 'cached', 'rejected' (by V8), 'stale' or 'none'.
 */
function hook(dist, files, loaded) {
  const plain = Module._extensions['.js'];
  Module._extensions['.cjs'] = (module, filename) => {
    const name = relative(dist, filename);
    if (!covered(name)) return plain(module, filename);
    const stat = statSync(filename);
    const source = readFileSync(filename, 'utf8');
    const cache = cacheOf(dist, files, name, stat, source);
    const cachedData = typeof cache === 'string' ? undefined : cache;
    const script = run(module, filename, source, cachedData);
    const how = cachedData ? (script.cachedDataRejected ? 'rejected' : 'cached') : cache;
    loaded({ name, how, stat, source, script });
  };
}

/**
 * Hands the build's cache of `dist` to V8 for the bundle's files; does nothing when there is none. Returns how each
 * file was loaded, as it loads (see hook).
 */
function useCodeCache(dist) {
  const loads = [];
  const files = readManifest(dist);
  if (files) hook(dist, files, ({ name, how }) => loads.push({ name, how }));
  return loads;
}

/**
 * Compiles the bundle's files of `dist` as they load and, when the process exits, writes what V8 compiled. A cache
 * the last recording left for the same files is used meanwhile, so this run's adds to it.
 */
function recordCodeCache(dist) {
  const cacheDir = join(dist, DIR);
  const before = readManifest(dist) ?? {};
  const scripts = [];
  hook(dist, before, (load) => scripts.push(load));
  process.on('exit', () => {
    const files = { ...before };
    for (const { name, stat, source, script } of scripts) {
      mkdirSync(dirname(join(cacheDir, name)), { recursive: true });
      writeFileSync(join(cacheDir, `${name}.v8`), script.createCachedData());
      files[name] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256: sha256(source) };
    }
    writeFileSync(join(cacheDir, `${MANIFEST}.tmp`), JSON.stringify({ files }));
    renameSync(join(cacheDir, `${MANIFEST}.tmp`), join(cacheDir, MANIFEST));
  });
}

/** Drops the cache of `dist` (a build does so before recording anew). */
function clearCodeCache(dist) {
  rmSync(join(dist, DIR), { recursive: true, force: true });
}

module.exports = { useCodeCache, recordCodeCache, clearCodeCache };

if (require.main === module && process.argv[2] === 'record') {
  const dist = resolve(process.argv[3]);
  recordCodeCache(dist);
  process.argv = [process.argv[0], join(dist, 'main.cjs'), ...process.argv.slice(4)];
  require(join(dist, 'main.cjs'));
}

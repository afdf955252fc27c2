import { execFile } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What `underlay` loads before it runs a command: dist/main.cjs and the chunks
// it requires at load (dist/cli/, a build apart from the daemon's). The daemon (server, store, kernel, SQLite, pino) and
// zod must stay in chunks only `underlay agent` imports (dynamically), and the address parser (ipaddr.js) in the one
// `network create` loads, or every command's start slows down (bench/cli.bench.ts measures by how much).

const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface Meta {
  outputs: Record<
    string,
    { imports: { path: string; kind: string }[]; inputs: Record<string, unknown> }
  >;
}

let out: string;
let meta: Meta;

beforeAll(async () => {
  // Under dist/ (ignored by git), so the daemon's external packages (better-sqlite3) resolve as in dist itself.
  mkdirSync(join(agentDir, 'dist'), { recursive: true });
  out = mkdtempSync(join(agentDir, 'dist', 'bundle-test-'));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['build.mjs', out], { cwd: agentDir }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Meta;
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Runs node with `argv`; its exit code and stderr. */
function node(argv: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) =>
    execFile(process.execPath, argv, { timeout: 30_000 }, (error, _stdout, stderr) =>
      resolve({ code: error ? Number(error.code) : 0, stderr }),
    ),
  );
}

/** Source files in the outputs reachable from `entry` by static imports only. */
function staticInputs(entry: string): string[] {
  const seen = new Set<string>();
  const visit = (output: string): void => {
    if (seen.has(output) || !meta.outputs[output]) return;
    seen.add(output);
    for (const imported of meta.outputs[output].imports)
      if (imported.kind === 'import-statement') visit(imported.path);
  };
  visit(entry);
  return [...seen].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));
}

describe('the CLI bundle', () => {
  it('loads no daemon code, SQLite, pino, zod, tRPC or the address parser at start', () => {
    const entry = Object.keys(meta.outputs).find((path) => path.endsWith('/main.cjs'))!;
    // A command: main.cjs and its static imports (the CLI's program and io); the daemon is a dynamic import.
    const loaded = staticInputs(entry);
    expect(loaded.some((path) => path.includes('src/cli/program.ts'))).toBe(true);
    const forbidden = loaded.filter((path) =>
      /src\/(server|service|store|kernel|reconcile|exec|router)\/|better-sqlite3|\/pino|\/zod|@trpc|\/ws@|packages\/netlink|\/ipaddr\.js/.test(
        path,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});

describe('the CLI built apart from the daemon', () => {
  it('keeps the daemon in a build of its own, imported dynamically', () => {
    const daemon = Object.keys(meta.outputs).find((path) => path.endsWith('/agent.js'))!;
    expect(staticInputs(daemon)).toContain('src/server/start-agent.ts');
    const entry = Object.keys(meta.outputs).find((path) => path.endsWith('/main.cjs'))!;
    expect(meta.outputs[entry]!.imports).toContainEqual(
      expect.objectContaining({ path: './agent-start.cjs', kind: 'dynamic-import' }),
    );
  });

  it('is CommonJS, and `underlay agent` still reaches the daemon, an ES module', async () => {
    const cliFiles = Object.keys(meta.outputs).filter((path) =>
      /\/(main|cli\/.*)\.cjs$/.test(path),
    );
    expect(cliFiles.length).toBeGreaterThan(2);
    for (const path of cliFiles) {
      // esbuild's CommonJS output marks each file so; an ES module has import/export statements instead.
      const text = readFileSync(join(agentDir, path), 'utf8'); // the metafile's paths are relative to build.mjs's dir
      expect(text, path).not.toMatch(/^(import|export)\b|[;}](import|export)\s*[{*]/m);
    }
    // The daemon's own error for a replay file that is not there: it was loaded and ran.
    const state = mkdtempSync(join(tmpdir(), 'underlay-bundle-agent-'));
    try {
      const r = await node([
        join(out, 'main.cjs'),
        'agent',
        '--state-dir',
        state,
        '--socket',
        join(state, 'a.sock'),
        '--kernel',
        `replay:${join(state, 'none.json')}`,
      ]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('cannot read the snapshot');
    } finally {
      rmSync(state, { recursive: true, force: true });
    }
  });

  it('calls the agent over HTTP loading no tRPC server core, ws, or daemon code', () => {
    // A command that calls the agent: the CLI's client chunk (dynamic import of io) with its static imports.
    const client = Object.keys(meta.outputs).find((path) =>
      /\/cli\/client-[^/]*\.cjs$/.test(path),
    )!;
    const loaded = staticInputs(client);
    expect(loaded).toContain('src/connection/http-fetch.ts');
    const forbidden = loaded.filter((path) =>
      /src\/(server|service|store|kernel|reconcile|exec|router)\/|@trpc\/server\/dist\/(resolveResponse|initTRPC)|\/ws@|\/zod|\/pino/.test(
        path,
      ),
    );
    expect(forbidden).toEqual([]);
  });

  it('shares no chunk between the CLI and the daemon', () => {
    const cliChunks = Object.keys(meta.outputs).filter((path) => path.includes('/cli/'));
    const daemon = Object.keys(meta.outputs).find((path) => path.endsWith('/agent.js'))!;
    const seen = new Set<string>();
    const visit = (output: string): void => {
      if (seen.has(output) || !meta.outputs[output]) return;
      seen.add(output);
      for (const imported of meta.outputs[output].imports) visit(imported.path);
    };
    visit(daemon);
    expect(cliChunks.length).toBeGreaterThan(0);
    expect(cliChunks.filter((path) => seen.has(path))).toEqual([]);
  });
});

describe("the build's V8 code cache of the CLI (bin/code-cache.cjs)", () => {
  /** `underlay --help` from the build, loaded as bin/underlay.cjs loads it: its output, and how each file loaded. */
  async function help(): Promise<{ stdout: string; loads: { name: string; how: string }[] }> {
    const script = `
      const out = process.argv[1];
      const loads = require(${JSON.stringify(join(agentDir, 'bin', 'code-cache.cjs'))}).useCodeCache(out);
      process.on('exit', () => process.stderr.write(JSON.stringify(loads)));
      process.argv = [process.argv[0], 'underlay', '--help'];
      require(require('node:path').join(out, 'main.cjs'));`;
    return new Promise((resolve, reject) =>
      execFile(process.execPath, ['-e', script, out], (error, stdout, stderr) =>
        error ? reject(error) : resolve({ stdout, loads: JSON.parse(stderr) as never }),
      ),
    );
  }
  const manifest = () =>
    JSON.parse(readFileSync(join(out, 'code-cache', 'manifest.json'), 'utf8')) as {
      files: Record<string, { size: number; mtimeMs: number }>;
    };

  it('records the entry and the client the runs against the stand-in agent loaded', () => {
    const files = Object.keys(manifest().files);
    expect(files).toContain('main.cjs');
    // Loaded only by a command that calls the agent: the stand-in was reached.
    expect(files.some((name) => /^cli\/client-.*\.cjs$/.test(name))).toBe(true);
    // Loaded only by network create's IPAM flags.
    expect(files.some((name) => /^cli\/pair-ipam-.*\.cjs$/.test(name))).toBe(true);
    expect(files.some((name) => name.startsWith('agent'))).toBe(false);
  });

  it('is used for every file it covers; a file edited since, or a cache V8 refuses, is compiled as usual', async () => {
    const cached = await help();
    expect(cached.stdout).toContain('Usage: underlay');
    expect(cached.loads.length).toBeGreaterThan(1);
    expect(cached.loads.filter((load) => load.how !== 'cached')).toEqual([]);

    // A cache of the right size whose bytes are not V8's: V8 refuses it, and the CLI still runs.
    const cacheFile = join(out, 'code-cache', 'main.cjs.v8');
    const good = readFileSync(cacheFile);
    writeFileSync(cacheFile, Buffer.alloc(good.length, 7));
    const refused = await help();
    expect(refused.stdout).toBe(cached.stdout);
    expect(refused.loads).toContainEqual({ name: 'main.cjs', how: 'rejected' });
    writeFileSync(cacheFile, good);

    // No manifest: no cache at all, nothing hooked.
    renameSync(join(out, 'code-cache', 'manifest.json'), join(out, 'code-cache', 'off.json'));
    const none = await help();
    expect(none).toEqual({ stdout: cached.stdout, loads: [] });
    renameSync(join(out, 'code-cache', 'off.json'), join(out, 'code-cache', 'manifest.json'));

    // The entry restored as turbo restores a build (same text, another mtime): its hash says it is the same.
    const main = join(out, 'main.cjs');
    const { atime, mtime } = statSync(main);
    utimesSync(main, atime, new Date(mtime.getTime() + 1000));
    expect((await help()).loads).toEqual(cached.loads);

    // The entry edited after the build, keeping its size: its cache is not used; the others still are.
    const text = readFileSync(main, 'utf8');
    writeFileSync(
      main,
      text.replace('sourceMappingURL=main.cjs.map', 'sourceMappingURL=main.cjs.MAP'),
    );
    const edited = await help();
    expect(edited.stdout).toBe(cached.stdout);
    expect(edited.loads).toContainEqual({ name: 'main.cjs', how: 'stale' });
    expect(edited.loads.filter((load) => load.how === 'cached').length).toBe(
      cached.loads.length - 1,
    );
  });
});

import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// What `underlay` loads before it runs a command: dist/main.js and the chunks
// it imports statically (dist/cli/, a build apart from the daemon's). The daemon (server, store, kernel, SQLite, pino) and
// zod must stay in chunks only `underlay agent` imports (dynamically), or the
// CLI's start slows down (bench/cli.bench.ts measures by how much).

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
  out = mkdtempSync(join(tmpdir(), 'underlay-bundle-'));
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, ['build.mjs', out], { cwd: agentDir }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  meta = JSON.parse(readFileSync(join(out, 'meta.json'), 'utf8')) as Meta;
}, 120_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

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
  it('loads no daemon code, SQLite, pino, zod or tRPC at start', () => {
    const entry = Object.keys(meta.outputs).find((path) => path.endsWith('/main.js'))!;
    // A command: main.js and its static imports (the CLI's program and io); the daemon is a dynamic import.
    const loaded = staticInputs(entry);
    expect(loaded.some((path) => path.includes('src/cli/program.ts'))).toBe(true);
    const forbidden = loaded.filter((path) =>
      /src\/(server|service|store|kernel|reconcile|exec|router)\/|better-sqlite3|\/pino|\/zod|@trpc|\/ws@|packages\/netlink/.test(
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
    const entry = Object.keys(meta.outputs).find((path) => path.endsWith('/main.js'))!;
    expect(meta.outputs[entry]!.imports).toContainEqual(
      expect.objectContaining({ path: './agent.js', kind: 'dynamic-import' }),
    );
  });

  it('calls the agent over HTTP loading no tRPC server core, ws, or daemon code', () => {
    // A command that calls the agent: the CLI's client chunk (dynamic import of io) with its static imports.
    const client = Object.keys(meta.outputs).find((path) => /\/cli\/client-[^/]*\.js$/.test(path))!;
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

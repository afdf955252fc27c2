import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// bin/underlay.cjs answers `--version` itself, in CommonJS, loading no file of
// the bundle (the ES module loader alone is a visible share of the start:
// bench:cli, figures in docs/perf.md, "CLI start").
// Shown with a copy of the bin and package.json beside no dist/ at all: the
// version still prints, and any other command says the CLI is not built.

const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { version } = JSON.parse(readFileSync(join(agentDir, 'package.json'), 'utf8')) as {
  version: string;
};
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'underlay-bin-'));
  mkdirSync(join(dir, 'bin'));
  copyFileSync(join(agentDir, 'bin', 'underlay.cjs'), join(dir, 'bin', 'underlay.cjs'));
  copyFileSync(join(agentDir, 'package.json'), join(dir, 'package.json'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile(
      process.execPath,
      [join(dir, 'bin', 'underlay.cjs'), ...args],
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    ),
  );
}

describe('bin/underlay.cjs', () => {
  it.each(['--version', '-v'])('answers %s without the bundle', async (flag) => {
    expect(await run([flag])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it('sends every other command to the bundle, and says how to build it when it is missing', async () => {
    const r = await run(['network', 'ls']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'Error: underlay is not built: run "pnpm --filter @underlay/agent run build" first.\n',
    );
  });
});

import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// scripts/serve.mjs refuses bad input before it loads Next: a clear message
// naming the flag or the missing build, exit 1. (Serving the build itself is
// what the scale test, the bench and the browser suite start it for.)

const SERVE = fileURLToPath(new URL('../scripts/serve.mjs', import.meta.url));

function serve(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [SERVE, ...args],
      { env: { ...process.env, ...env }, timeout: 20_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
  });
}

describe('scripts/serve.mjs', () => {
  it('refuses a port that is not a number, naming the flag', async () => {
    const { code, stderr } = await serve(['--port', 'abc']);
    expect(code).toBe(1);
    expect(stderr).toContain('--port: "abc" is not a port number (0–65535); e.g. --port 3000');
  });

  it('refuses an unknown option', async () => {
    const { code, stderr } = await serve(['--turbo']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^underlay dashboard: .*--turbo/m);
  });

  it('names the missing build and how to make it', async () => {
    const { code, stderr } = await serve(['--port', '0'], {
      UNDERLAY_WEB_DIST_DIR: '.next-none-for-serve-test',
    });
    expect(code).toBe(1);
    expect(stderr).toContain('No production build in');
    expect(stderr).toContain('.next-none-for-serve-test');
    expect(stderr).toContain('pnpm --filter @underlay/web run build');
  });
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// `underlay --help | head -2` (issue 16): when the reader of stdout has gone,
// the next write fails with EPIPE. The CLI must end quietly, as Unix tools do,
// not print an unhandled 'error' event's stack trace. The read end is closed
// before the CLI writes anything, so every run hits the closed pipe.

const BIN = fileURLToPath(new URL('../../bin/underlay.cjs', import.meta.url));

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('a closed stdout', () => {
  it.each(['--help', 'network --help', '--version'])(
    'ends `underlay %s` quietly with status 0',
    async (line) => {
      const { code, stderr } = await runWithClosedStdout(line.split(' '));
      expect(stderr).toBe('');
      expect(code).toBe(0);
    },
  );
});

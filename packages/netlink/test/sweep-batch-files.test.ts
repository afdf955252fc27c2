import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sweepBatchFiles } from '../src/index.js';

// A process SIGKILLed mid-batch leaves its batch-file directory behind; the
// agent sweeps them at start. Only `batch-*` directories go.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('sweepBatchFiles', () => {
  it('removes batch-* directories and their files, and leaves everything else', () => {
    const root = mkdtempSync(join(tmpdir(), 'underlay-sweep-'));
    dirs.push(root);
    for (const name of ['batch-aaaaaa', 'batch-bbbbbb']) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, '7.batch'), 'link del x\n');
    }
    mkdirSync(join(root, 'cni'));
    writeFileSync(join(root, 'agent.sock.lock'), '');
    expect(sweepBatchFiles(root)).toBe(2);
    expect(readdirSync(root).sort()).toEqual(['agent.sock.lock', 'cni']);
  });

  it('is a no-op on a runtime directory that does not exist', () => {
    expect(sweepBatchFiles(join(tmpdir(), 'underlay-sweep-absent-0'))).toBe(0);
  });
});

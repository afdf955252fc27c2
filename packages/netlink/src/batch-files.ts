import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A batch for another namespace is run by a forked `ip -batch FILE`, so its
// lines go to a file first. The files live in a private directory (0700,
// made by mkdtemp) that only this process writes, hold only generated op
// lines (never user text through a shell), and are removed after their run.
// The calls are synchronous on purpose: each is one syscall on a small file,
// while the promise API hands every open/write/close/unlink to libuv's
// thread pool, and in a UML guest each hand-off costs milliseconds.

/** A private directory of batch files. */
export interface BatchFiles {
  dir: string;
  /** Writes the lines to a new file (0600) and returns its path. */
  write(lines: readonly string[]): string;
  /** Removes one file (missing is fine: the run may have failed before writing). */
  remove(path: string): void;
  /** Removes the directory and whatever is left in it. */
  close(): void;
}

/** Makes a private directory for batch files under `runtimeDir`. */
export function createBatchFiles(runtimeDir: string): BatchFiles {
  mkdirSync(runtimeDir, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(runtimeDir, 'batch-'));
  // The path travels on an `ip -batch` line, which splits on whitespace and quotes.
  if (/[\s#"'\\]/.test(dir)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `batch files: the runtime directory ${JSON.stringify(dir)} holds a space, quote, # or backslash; choose another runtimeDir`,
    );
  }
  let seq = 0;
  return {
    dir,
    write(lines) {
      seq += 1;
      const path = join(dir, `${seq}.batch`);
      writeFileSync(path, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
      return path;
    },
    remove(path) {
      try {
        unlinkSync(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
}

import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

// A batch for another namespace is run by a forked `ip -batch FILE`, so its
// lines go to a file first. The files live in a private directory (0700,
// made by mkdtemp) that only this process writes, hold only generated op
// lines (never user text through a shell), and are removed after their run.

/** A private directory of batch files. */
export interface BatchFiles {
  dir: string;
  /** Writes the lines to a new file (0600) and returns its path. */
  write(lines: readonly string[]): Promise<string>;
  /** Removes one file (missing is fine: the run may have failed before writing). */
  remove(path: string): Promise<void>;
  /** Removes the directory and whatever is left in it. */
  close(): Promise<void>;
}

/** Makes a private directory for batch files under `runtimeDir`. */
export async function createBatchFiles(runtimeDir: string): Promise<BatchFiles> {
  await mkdir(runtimeDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(runtimeDir, 'batch-'));
  // The path travels on an `ip -batch` line, which splits on whitespace and quotes.
  if (/[\s#"'\\]/.test(dir)) {
    await rm(dir, { recursive: true, force: true });
    throw new Error(`batch files: the runtime directory ${JSON.stringify(dir)} holds a space, quote, # or backslash; choose another runtimeDir`);
  }
  let seq = 0;
  return {
    dir,
    async write(lines) {
      seq += 1;
      const path = join(dir, `${seq}.batch`);
      await writeFile(path, `${lines.join('\n')}\n`, { mode: 0o600, flag: 'wx' });
      return path;
    },
    remove: (path) => rm(path, { force: true }),
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

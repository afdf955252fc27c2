import { build } from 'esbuild';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Bundles test/guest/entry.ts for the guests (they see this file system
 * read-only at the same paths, so dependencies stay external and resolve from
 * node_modules). The content hash is in the name because a guest caches
 * modules by path.
 */
export async function bundleGuestEntry(): Promise<string> {
  const result = await build({
    entryPoints: [`${root}/test/guest/entry.ts`],
    outdir: `${root}/dist/guest`,
    entryNames: 'netlink-[hash]',
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outExtension: { '.js': '.mjs' },
    metafile: true,
    logLevel: 'warning',
  });
  const [out] = Object.keys(result.metafile.outputs).filter((f) => f.endsWith('.mjs'));
  if (!out) throw new Error('esbuild produced no bundle');
  return resolve(root, out);
}

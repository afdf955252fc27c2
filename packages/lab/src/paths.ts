// Where the lab's own files are. Works both from src/*.ts (tsx, vitest) and
// from the bundle dist/cli.js: both sit one level below the package.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = resolve(packageDir, '..', '..');

export const labFiles = {
  wrapper: join(packageDir, 'guest', 'wrapper.sh'),
  init: join(packageDir, 'guest', 'init.sh'),
  xstateOff: join(packageDir, 'dist', 'xstate-off'),
  relay: join(packageDir, 'dist', 'relay.js'),
  execServer: join(packageDir, 'dist', 'guest', 'exec-server.js'),
  agentMain: join(repoRoot, 'apps', 'agent', 'dist', 'main.cjs'),
  kernel: '/usr/bin/linux.uml',
  node: process.execPath,
};

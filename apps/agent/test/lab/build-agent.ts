import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The guests run apps/agent/dist/main.js: build it before the lab boots, so
// the lab tests always run the code under test.
export default function setup(): void {
  const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  execFileSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
}

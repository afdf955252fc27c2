import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The guests run apps/agent/dist/main.js: build it before the lab boots, so
// the hub is tested against the agent as it is in this checkout (unless
// scripts/test.sh built it once already: UNDERLAY_AGENT_PREBUILT).
export default function setup(): void {
  if (process.env.UNDERLAY_AGENT_PREBUILT === '1') return;
  execFileSync(process.execPath, ['build.mjs'], {
    cwd: fileURLToPath(new URL('../../../agent', import.meta.url)),
    stdio: 'inherit',
  });
}

import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The guests run apps/agent/dist/main.js: build it before the lab boots, so
// the lab tests always run the code under test. scripts/test.sh builds once
// and sets UNDERLAY_AGENT_PREBUILT, so that two lanes running lab tiers side
// by side never rewrite dist/ under each other's guests.
export default function setup(): void {
  if (process.env.UNDERLAY_AGENT_PREBUILT === '1') return;
  const agentDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  execFileSync(process.execPath, ['build.mjs'], { cwd: agentDir, stdio: 'inherit' });
}

import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { attachLab, type Lab } from '@underlay/lab';
import { LAB_NAME, REPO_ROOT } from './settings.js';

// The agents seen without the dashboard: the built `underlay` CLI pointed at a
// lab host's relayed socket, as `lab env HOST` would point it. Used to prove
// what the dashboard did (or did not) send.

const run = promisify(execFile);
let lab: Promise<Lab> | undefined;

/** The suite's running lab (attached once per worker). */
export function suiteLab(): Promise<Lab> {
  lab ??= attachLab({ name: LAB_NAME });
  return lab;
}

/** `underlay ARGS…` against `host`'s agent; resolves with stdout. */
export async function underlay(host: string, args: string[]): Promise<string> {
  const target = (await suiteLab()).host(host);
  const { stdout } = await run(
    process.execPath,
    [join(REPO_ROOT, 'apps/agent/bin/underlay.cjs'), ...args],
    {
      env: {
        ...process.env,
        UNDERLAY_HOST: target.agentSocket,
        UNDERLAY_TOKEN_FILE: join(target.stateDir, 'token'),
      },
      timeout: 30_000,
    },
  );
  return stdout;
}

/** Names of the networks `host`'s agent holds. */
export async function networkNames(host: string): Promise<string[]> {
  const records = JSON.parse(await underlay(host, ['network', 'ls', '--json'])) as {
    name?: string;
    Name?: string;
  }[];
  return records.map((r) => r.name ?? r.Name ?? '').sort();
}

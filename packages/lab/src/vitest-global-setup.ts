// A vitest globalSetup that boots one lab for a whole run and removes it after.
//   test: { globalSetup: ['@underlay/lab/vitest-global-setup'] }
// Tests then use attachLab({ name: inject('labName') }).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { readEnv, type LabEnv } from './env.js';
import { startLab } from './start-lab.js';
import { labLeftovers, runDirOf, stopLab } from './stop-lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    labName: string;
  }
}

function packageName(): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as {
      name?: unknown;
    };
    return typeof pkg.name === 'string' ? pkg.name : undefined;
  } catch {
    return undefined;
  }
}

function labNameFromEnv(env: LabEnv): string {
  if (env.UNDERLAY_LAB_NAME) return env.UNDERLAY_LAB_NAME;
  // "@underlay/netlink" → "netlink": each package's suite gets its own lab,
  // never the interactive default "lab" that `pnpm lab up` boots.
  const suffix = (process.env.npm_package_name ?? packageName())?.split('/').pop();
  return suffix && suffix !== 'lab' ? suffix : 'lab-test';
}

let labName = 'lab';

export async function setup(project: TestProject): Promise<void> {
  const env = readEnv();
  labName = labNameFromEnv(env);
  const started = Date.now();
  await startLab({
    name: labName,
    hosts: env.UNDERLAY_LAB_HOSTS ?? 2,
    agent: env.UNDERLAY_LAB_AGENT === '1',
    onProgress: (msg) => console.log(`[lab ${labName}] ${msg}`),
  });
  console.log(`[lab ${labName}] up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('labName', labName);
  process.env.UNDERLAY_LAB_NAME = labName;
}

export async function teardown(): Promise<void> {
  await stopLab({ name: labName });
  const left = await labLeftovers(labName, runDirOf(labName));
  if (left.length > 0) throw new Error(`lab ${labName} left: ${left.join(', ')}`);
}

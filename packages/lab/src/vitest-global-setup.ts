// A vitest globalSetup that boots one lab for a whole run and removes it after.
//   test: { globalSetup: ['@underlay/lab/vitest-global-setup'] }
// Tests then use attachLab({ name: inject('labName') }).
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';
import { startLab } from './start-lab.js';
import { labLeftovers, runDirOf, stopLab } from './stop-lab.js';

declare module 'vitest' {
  export interface ProvidedContext {
    labName: string;
  }
}

function labNameFromEnv(): string {
  if (process.env.UNDERLAY_LAB_NAME) return process.env.UNDERLAY_LAB_NAME;
  // "@underlay/netlink" → "netlink": each package's suite gets its own lab.
  const pkg = process.env.npm_package_name ?? 'lab';
  return pkg.split('/').pop() ?? 'lab';
}

let labName = 'lab';

export async function setup(project: TestProject): Promise<void> {
  labName = labNameFromEnv();
  const hosts = Number(process.env.UNDERLAY_LAB_HOSTS ?? 2);
  const started = Date.now();
  await startLab({ name: labName, hosts, agent: process.env.UNDERLAY_LAB_AGENT === '1', onProgress: (msg) => console.log(`[lab ${labName}] ${msg}`) });
  console.log(`[lab ${labName}] up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('labName', labName);
  process.env.UNDERLAY_LAB_NAME = labName;
}

export async function teardown(): Promise<void> {
  await stopLab({ name: labName });
  const left = await labLeftovers(labName, runDirOf(labName));
  if (left.length > 0) throw new Error(`lab ${labName} left: ${left.join(', ')}`);
}

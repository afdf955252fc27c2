// Attaching to a lab that another process booted (the CLI, a globalSetup).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { labNameSchema, planLab } from './config.js';
import { readEnv } from './env.js';
import { makeLab } from './lab-object.js';
import { readLabState } from './lab-state.js';
import type { Lab } from './types.js';

export async function attachLab(opts: { name?: string } = {}): Promise<Lab> {
  const name = labNameSchema.parse(opts.name ?? 'lab');
  const baseDir = readEnv().UNDERLAY_LAB_DIR;
  const state = readLabState(join(baseDir, name));
  if (!state)
    throw new Error(
      `no lab named "${name}" is up (no ${join(baseDir, name, 'lab.json')}); start one with: pnpm lab up --name ${name}`,
    );
  const plan = planLab({ name, hosts: state.hosts, baseDir });
  const missing = plan.hosts.filter((host) => !existsSync(host.execSocket));
  if (missing.length > 0)
    throw new Error(
      `lab "${name}" is incomplete: no relay socket for ${missing.map((h) => h.name).join(', ')}; run lab up again`,
    );
  return makeLab(plan);
}

// What `lab up` leaves in RUNDIR/lab.json, so that other processes (the CLI,
// tests, the dashboard) can attach to a running lab and `lab down` can find it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const labStateSchema = z.object({
  name: z.string(),
  hosts: z.number().int(),
  agentMain: z.string().optional(),
  relayPid: z.number().int().optional(),
  guests: z.record(z.string(), z.object({ pid: z.number().int(), argv: z.array(z.string()) })),
});

export type LabState = z.infer<typeof labStateSchema>;

export function stateFile(runDir: string): string {
  return join(runDir, 'lab.json');
}

export function writeLabState(runDir: string, state: LabState): void {
  writeFileSync(stateFile(runDir), `${JSON.stringify(state, null, 2)}\n`);
}

/** The recorded state, or undefined when no lab of that run dir is recorded. */
export function readLabState(runDir: string): LabState | undefined {
  let raw: string;
  try {
    raw = readFileSync(stateFile(runDir), 'utf8');
  } catch {
    return undefined;
  }
  return labStateSchema.parse(JSON.parse(raw));
}

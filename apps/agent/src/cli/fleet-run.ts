import { readFile } from 'node:fs/promises';
import {
  type FileIssue,
  type HostPlan,
  desiredFleet,
  formatFileIssue,
  loadFleet,
  placeIssue,
  planFleet,
} from '@underlay/core';
import { CliError } from './cli-error';
import type { CliContext } from './context';
import { type FleetHost, closeFleet, openFleet } from './fleet-hosts';
import { fleetTargets } from './fleet-targets';

// The part plan and apply share: read and check the file, reach every host,
// read its networks, plan. Errors in the file stop here with every issue.

/** The flags that say which file and which hosts. */
export interface FleetFlags {
  file: string;
  agent?: string[];
  tokenFile?: string[];
  prune?: boolean;
}

/** A planned fleet, with the open hosts (close them with closeFleet). */
export interface PlannedFleet {
  hosts: FleetHost[];
  plans: HostPlan[];
}

async function readFleetFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Error: cannot read ${path}: ${(error as Error).message}`);
  }
}

function refuse(issues: FileIssue[]): never {
  const lines = issues.map(formatFileIssue);
  const errors = issues.filter((p) => p.severity === 'error').length;
  throw new CliError([...lines, `Error: ${errors} error(s) in the fleet file; nothing was sent.`]);
}

/** Loads the file, opens the hosts and plans; throws a CliError for a bad file. */
export async function planFromFlags(
  ctx: CliContext,
  flags: FleetFlags,
  host: string | undefined,
): Promise<PlannedFleet> {
  const text = await readFleetFile(flags.file);
  const loaded = loadFleet({ file: flags.file, text });
  if (!loaded.fleet) refuse(loaded.issues);
  loaded.issues.forEach((p) => ctx.warn(formatFileIssue(p)));
  const targets = fleetTargets({
    agents: flags.agent ?? [],
    tokenFiles: flags.tokenFile ?? [],
    host,
    env: ctx.io.env,
    cwd: ctx.io.cwd,
  });
  const hosts = await openFleet(ctx.io, targets);
  const desired = desiredFleet(
    loaded.fleet,
    hosts.map((h) => h.name),
  );
  if (desired.issues.length) {
    await closeFleet(hosts);
    refuse(desired.issues.map((p) => placeIssue(flags.file, p, loaded.locate)));
  }
  const current = new Map(hosts.map((h) => [h.name, h.networks]));
  const plans = planFleet(desired.byHost, current, { prune: flags.prune ?? false });
  return { hosts, plans };
}

/** Hosts that could not be reached, as lines. */
export const unreachableLines = (hosts: readonly FleetHost[]): string[] =>
  hosts.filter((h) => h.error).map((h) => `Error: ${h.name}: ${h.error}`);

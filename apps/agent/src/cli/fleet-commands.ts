import {
  type HostOutcome,
  type HostPlan,
  applyFleet,
  exportFleet,
  fleetYaml,
  formatFleetPlan,
  outcomeLines,
  planCounts,
} from '@underlay/core';
import { usageError } from './cli-error';
import type { CliContext } from './context';
import { agentCalls, describeCallError } from './fleet-calls';
import { closeFleet, openFleet, type FleetHost } from './fleet-hosts';
import { plainProgress, ttyProgress } from './fleet-progress';
import { type FleetFlags, planFromFlags, unreachableLines } from './fleet-run';
import { fleetTargets } from './fleet-targets';
import { formatJson } from './format-table';

// The actions of `underlay plan|apply|export` (commands/fleet.ts registers
// them and imports this module only when one of them runs).

export type { FleetFlags };
export type PlanFlags = FleetFlags & { json?: boolean };
export type ApplyFlags = FleetFlags & {
  yes?: boolean;
  parallel: string;
  continueOnError?: boolean;
};

/** `underlay export`: the fleet's networks as a fleet file. */
export async function exportCommand(
  ctx: CliContext,
  flags: Omit<FleetFlags, 'file'>,
  host: string | undefined,
) {
  const targets = fleetTargets({
    agents: flags.agent ?? [],
    tokenFiles: flags.tokenFile ?? [],
    host,
    env: ctx.io.env,
    cwd: ctx.io.cwd,
  });
  const hosts = await openFleet(ctx.io, targets);
  await closeFleet(hosts);
  const down = unreachableLines(hosts);
  if (down.length) {
    down.forEach(ctx.warn);
    return ctx.fail();
  }
  ctx.io.stdout(fleetYaml(exportFleet(new Map(hosts.map((h) => [h.name, h.networks])))));
}

/** `underlay plan -f FILE`. */
export async function planCommand(ctx: CliContext, flags: PlanFlags, host: string | undefined) {
  const { hosts, plans } = await planFromFlags(ctx, flags, host);
  await closeFleet(hosts);
  const down = unreachableLines(hosts);
  // A host that did not answer has no plan: its networks are unknown.
  const reachable = plans.filter((p) => !hostDown(hosts, p.host));
  const c = planCounts(reachable);
  if (flags.json) ctx.print(formatJson({ plans: reachable, counts: c, unreachable: down }));
  else ctx.print(formatFleetPlan(reachable));
  down.forEach(ctx.warn);
  if (down.length) return ctx.fail(1);
  if (c.create + c.change + c.remove) ctx.fail(2);
}

const hostDown = (hosts: readonly FleetHost[], name: string): boolean =>
  hosts.some((h) => h.name === name && h.error);

/** `underlay apply -f FILE`. */
export async function applyCommand(ctx: CliContext, flags: ApplyFlags, host: string | undefined) {
  const parallel = Number(flags.parallel);
  if (!Number.isInteger(parallel) || parallel < 1)
    throw usageError('--parallel', `"${flags.parallel}" is not a whole number ≥ 1.`);
  const { hosts, plans } = await planFromFlags(ctx, flags, host);
  try {
    const reachable = plans.filter((p) => !hostDown(hosts, p.host));
    ctx.print(formatFleetPlan(reachable));
    const down = unreachableLines(hosts);
    down.forEach(ctx.warn);
    const c = planCounts(reachable);
    if (c.blocked) {
      ctx.warn('Error: some changes are refused (see "!" above); nothing was applied.');
      return ctx.fail(1);
    }
    if (!(c.create + c.change + c.remove)) {
      ctx.print('Nothing to apply: the fleet already matches the file.');
      return down.length ? ctx.fail(1) : undefined;
    }
    if (!(await confirmed(ctx, flags))) return ctx.fail(1);
    const outcomes = await applyPlans(ctx, hosts, plans, { ...flags, parallel });
    outcomeLines(outcomes).forEach((line) => ctx.print(line));
    if (outcomes.some((o) => o.status === 'failed' || o.status === 'skipped')) ctx.fail(1);
  } finally {
    await closeFleet(hosts);
  }
}

async function confirmed(ctx: CliContext, flags: ApplyFlags): Promise<boolean> {
  if (flags.yes) return true;
  if (!ctx.io.confirm) {
    ctx.warn('Error: apply needs a confirmation: stdin is not a terminal, so pass --yes.');
    return false;
  }
  const ok = await ctx.io.confirm('Apply these changes? Only "yes" is accepted: ');
  if (!ok) ctx.warn('Apply cancelled.');
  return ok;
}

// Hosts that could not be reached fail on their own; they never stop the others.
async function applyPlans(
  ctx: CliContext,
  hosts: readonly FleetHost[],
  plans: readonly HostPlan[],
  flags: { parallel: number; continueOnError?: boolean },
): Promise<HostOutcome[]> {
  const write = (text: string): void => ctx.io.stdout(text);
  const names = plans.filter((p) => !hostDown(hosts, p.host)).map((p) => p.host);
  const progress = ctx.io.stdoutIsTTY ? ttyProgress(write, names) : plainProgress(write, names);
  const outcomes = await applyFleet({
    plans,
    callsOf: (name) => {
      const api = hosts.find((h) => h.name === name)?.api;
      return api ? agentCalls(api) : null;
    },
    unreachable: hosts.filter((h) => h.error).map((h) => ({ host: h.name, error: h.error ?? '' })),
    limit: flags.parallel,
    continueOnError: flags.continueOnError ?? false,
    onStep: (event) => progress.step(event),
    describe: describeCallError,
  });
  progress.end();
  return outcomes;
}

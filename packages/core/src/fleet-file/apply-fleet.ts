import type { HostPlan } from './diff';
import {
  type DescribeError,
  type FleetCalls,
  type HostOutcome,
  type StepEvent,
  applyHost,
} from './apply';
import { runPool } from './pool';

// The fleet-wide apply both the CLI and the dashboard run: host plans through
// a bounded pool, each host rolled back on its own failure; a host without a
// connection fails on its own and never stops the others.

/** Applies `plans`; `callsOf` gives a host's agent calls, or null when it cannot be reached. */
export async function applyFleet(opts: {
  plans: readonly HostPlan[];
  callsOf: (host: string) => FleetCalls | null;
  /** Hosts that could not be reached, with why: each is reported failed, nothing is sent there. */
  unreachable?: readonly { host: string; error: string }[];
  limit: number;
  continueOnError: boolean;
  onStep: (event: StepEvent) => void;
  describe: DescribeError;
}): Promise<HostOutcome[]> {
  const down = new Set((opts.unreachable ?? []).map((u) => u.host));
  const outcomes = await runPool({
    items: opts.plans.filter((p) => !down.has(p.host)),
    limit: opts.limit,
    stopOnError: !opts.continueOnError,
    work: (plan) => {
      const calls = opts.callsOf(plan.host);
      if (!calls) throw new TypeError(`no connection to ${plan.host}`);
      return applyHost({ calls, plan, onStep: opts.onStep, describe: opts.describe });
    },
    failed: (o) => o.status === 'failed',
    skipped: (plan): HostOutcome => ({ host: plan.host, status: 'skipped', done: 0, total: 0 }),
  });
  const unreachable = (opts.unreachable ?? []).map((u): HostOutcome => ({
    host: u.host,
    status: 'failed',
    done: 0,
    total: 0,
    error: `unreachable, nothing applied there: ${u.error}`,
  }));
  return [...outcomes, ...unreachable];
}

import type { NetworkCreateInput } from '../schemas';
import type { FleetAction, HostPlan } from './diff';
import { entryOfSpec } from './export';
import { entryRequest } from './request';
import type { NetworkSpec } from './spec';

// Applies one host's plan as calls to its agent. Each call is undone by its
// inverse (create ↔ remove) if a later call of the same host fails, so a host
// ends either with the whole plan or as it was; each call is itself atomic on
// the agent (it rolls back its own kernel operations). Pure: the calls are
// given (the CLI's agent client, the dashboard hub's link), no I/O here.

/** The agent calls an apply needs, bound to one host by the app. */
export interface FleetCalls {
  create(request: NetworkCreateInput): Promise<unknown>;
  remove(network: string): Promise<unknown>;
  /** `networks.update`: the in-place fields (IN_PLACE_FIELDS), the whole set of each. */
  update(network: string, change: { labels: Record<string, string> }): Promise<unknown>;
}

/** One call to an agent, with the call that undoes it. */
export interface FleetStep {
  label: string;
  run(calls: FleetCalls): Promise<unknown>;
  undo(calls: FleetCalls): Promise<unknown>;
}

/** How a host's apply ended. */
export interface HostOutcome {
  host: string;
  status: 'applied' | 'unchanged' | 'failed' | 'skipped';
  done: number;
  total: number;
  error?: string;
  /** Set when a failure was rolled back: how many done steps were undone, and any undo that failed. */
  rolledBack?: { undone: number; failed: string[] };
}

/** What a progress display is told. */
export type StepEvent = { host: string; done: number; total: number; step: string };

/** Turns whatever a call threw into one line (each app renders its own errors). */
export type DescribeError = (error: unknown) => string;

const requestOf = (spec: NetworkSpec): NetworkCreateInput => entryRequest(entryOfSpec(spec));

const createStep = (spec: NetworkSpec, label = `create ${spec.name}`): FleetStep => ({
  label,
  run: (calls) => calls.create(requestOf(spec)),
  undo: (calls) => calls.remove(spec.name),
});

const removeStep = (from: NetworkSpec, label = `remove ${from.name}`): FleetStep => ({
  label,
  run: (calls) => calls.remove(from.name),
  undo: (calls) => calls.create(requestOf(from)),
});

const updateStep = (from: NetworkSpec, to: NetworkSpec): FleetStep => ({
  label: `update ${to.name} in place`,
  run: (calls) => calls.update(to.name, { labels: to.labels }),
  undo: (calls) => calls.update(from.name, { labels: from.labels }),
});

/** The agent calls for one planned action: a change is one update in place, or a replace (remove + create). */
export function stepsOf(action: FleetAction): FleetStep[] {
  switch (action.kind) {
    case 'create':
      return [createStep(action.to)];
    case 'remove':
      return [removeStep(action.from)];
    case 'change':
      if (action.how === 'in-place') return [updateStep(action.from, action.to)];
      return [
        removeStep(action.from, `replace ${action.name} (remove)`),
        createStep(action.to, `replace ${action.name} (create)`),
      ];
  }
}

async function rollback(
  calls: FleetCalls,
  done: FleetStep[],
  describe: DescribeError,
): Promise<HostOutcome['rolledBack']> {
  const failed: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      await step.undo(calls);
    } catch (error) {
      failed.push(`undo of ${step.label}: ${describe(error)}`);
    }
  }
  return { undone: done.length - failed.length, failed };
}

/** Runs a host's plan step by step; on a failure undoes the done steps in reverse. */
export async function applyHost(opts: {
  calls: FleetCalls;
  plan: HostPlan;
  onStep: (event: StepEvent) => void;
  describe: DescribeError;
}): Promise<HostOutcome> {
  const { calls, plan, onStep, describe } = opts;
  const steps = plan.actions.flatMap(stepsOf);
  const total = steps.length;
  if (!total) return { host: plan.host, status: 'unchanged', done: 0, total };
  const done: FleetStep[] = [];
  for (const step of steps) {
    onStep({ host: plan.host, done: done.length, total, step: step.label });
    try {
      await step.run(calls);
      done.push(step);
    } catch (error) {
      const message = `${step.label}: ${describe(error)}`;
      onStep({ host: plan.host, done: done.length, total, step: 'failed, rolling back' });
      const rolledBack = await rollback(calls, done, describe);
      return {
        host: plan.host,
        status: 'failed',
        done: done.length,
        total,
        error: message,
        rolledBack,
      };
    }
  }
  onStep({ host: plan.host, done: total, total, step: 'done' });
  return { host: plan.host, status: 'applied', done: total, total };
}

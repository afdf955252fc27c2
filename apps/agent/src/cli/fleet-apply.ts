import {
  type FleetAction,
  type HostPlan,
  type NetworkSpec,
  entryOfSpec,
  entryRequest,
} from '@underlay/core';
import type { AgentApi } from './client';
import { renderError } from './render-error';

// Applies one host's plan as calls to its agent. Each call is undone by its
// inverse (create ↔ remove) if a later call of the same host fails, so a host
// ends either with the whole plan or as it was; each call is itself atomic on
// the agent (it rolls back its own kernel operations).

/** One call to an agent, with the call that undoes it. */
export interface FleetStep {
  label: string;
  run(api: AgentApi): Promise<unknown>;
  undo(api: AgentApi): Promise<unknown>;
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

const createStep = (spec: NetworkSpec, label = `create ${spec.name}`): FleetStep => ({
  label,
  run: (api) => api.mutate('networks.create', entryRequest(entryOfSpec(spec))),
  undo: (api) => api.mutate('networks.remove', { network: spec.name }),
});

const removeStep = (from: NetworkSpec, label = `remove ${from.name}`): FleetStep => ({
  label,
  run: (api) => api.mutate('networks.remove', { network: from.name }),
  undo: (api) => api.mutate('networks.create', entryRequest(entryOfSpec(from))),
});

/** The agent calls for one planned action. A change is a replace: the agent has no update verb. */
export function stepsOf(action: FleetAction): FleetStep[] {
  switch (action.kind) {
    case 'create':
      return [createStep(action.to)];
    case 'remove':
      return [removeStep(action.from)];
    case 'change':
      return [
        removeStep(action.from, `replace ${action.name} (remove)`),
        createStep(action.to, `replace ${action.name} (create)`),
      ];
  }
}

/** What the progress display is told. */
export type StepEvent = { host: string; done: number; total: number; step: string };

async function rollback(api: AgentApi, done: FleetStep[]): Promise<HostOutcome['rolledBack']> {
  const failed: string[] = [];
  for (const step of [...done].reverse()) {
    try {
      await step.undo(api);
    } catch (error) {
      failed.push(`undo of ${step.label}: ${renderError(error).lines.join(' ')}`);
    }
  }
  return { undone: done.length - failed.length, failed };
}

/** Runs a host's plan step by step; on a failure undoes the done steps in reverse. */
export async function applyHost(
  api: AgentApi,
  plan: HostPlan,
  onStep: (event: StepEvent) => void,
): Promise<HostOutcome> {
  const steps = plan.actions.flatMap(stepsOf);
  const total = steps.length;
  if (!total) return { host: plan.host, status: 'unchanged', done: 0, total };
  const done: FleetStep[] = [];
  for (const step of steps) {
    onStep({ host: plan.host, done: done.length, total, step: step.label });
    try {
      await step.run(api);
      done.push(step);
    } catch (error) {
      const message = `${step.label}: ${renderError(error).lines.join(' ')}`;
      onStep({ host: plan.host, done: done.length, total, step: `failed, rolling back` });
      const rolledBack = await rollback(api, done);
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

import { randomUUID } from 'node:crypto';
import {
  applyFleet,
  outcomeLines,
  type FleetApplyJob,
  type FleetCalls,
  type HostPlan,
  type StepEvent,
} from '@underlay/core';
import { TRPCError } from '@trpc/server';
import { AgentCallError, relayAgentError } from '../api/agent-error';
import type { Hub } from '../fleet/hub';
import type { HostRecord } from '../fleet/registry';

// Applies run in the background of the hub, one at a time: `import.apply`
// starts one and returns its id at once, the page polls `import.job` for the
// per-host progress and, when it has finished, the report. (Polling rather
// than the events SSE feed: the feed is the agents' events, fanned out to
// every page; an apply's progress belongs to the page that started it.)

const KEEP = 20;

interface Job extends FleetApplyJob {
  startedAt: number;
}

/** The hub's applies: the running one, and the last few finished. */
export interface ApplyJobs {
  start(opts: {
    plans: HostPlan[];
    hosts: HostRecord[];
    unreachable: { host: string; error: string }[];
    limit: number;
    continueOnError: boolean;
  }): string;
  get(id: string): FleetApplyJob | null;
}

const stores = new WeakMap<Hub, ApplyJobs>();

/** The job store of `hub` (one per hub: tests with their own services get their own). */
export function applyJobs(hub: Hub): ApplyJobs {
  let store = stores.get(hub);
  if (!store) stores.set(hub, (store = createApplyJobs(hub)));
  return store;
}

// A failed agent call as one line: the agent's own message (core's), not the hub's wrapper.
const describeHubError = (error: unknown): string => {
  const relayed = relayAgentError(error, 'host');
  return relayed.cause instanceof AgentCallError ? relayed.cause.message : relayed.message;
};

const hubCalls = (hub: Hub, host: HostRecord): FleetCalls => ({
  create: (request) => hub.mutate(host.id, 'networks.create', request, 60_000),
  remove: (network) => hub.mutate(host.id, 'networks.remove', { network }, 60_000),
  update: (network, { labels }) =>
    hub.mutate(host.id, 'networks.update', { network, labels }, 60_000),
});

type StartOptions = Parameters<ApplyJobs['start']>[0];
type Jobs = Map<string, Job>;

/** Forgets the oldest finished jobs past the last KEEP. */
function trim(jobs: Jobs): void {
  const old = [...jobs.values()].filter((j) => j.state === 'finished');
  for (const job of old.slice(0, Math.max(0, old.length - KEEP))) jobs.delete(job.id);
}

/** A new running job: every planned host waiting. */
function newJob(plans: HostPlan[]): Job {
  return {
    id: randomUUID(),
    state: 'running',
    progress: plans.map((p) => ({ host: p.host, done: 0, total: 0, step: 'waiting' })),
    outcomes: [],
    report: [],
    startedAt: Date.now(),
  };
}

/** Runs the apply behind `job` through the hub, recording each step's progress and, at the end, the report. */
function runJob(hub: Hub, jobs: Jobs, job: Job, opts: StartOptions): void {
  const { plans, hosts, unreachable, limit, continueOnError } = opts;
  const byName = new Map(hosts.map((h) => [h.name, h]));
  const onStep = (event: StepEvent): void => {
    job.progress = job.progress.map((p) => (p.host === event.host ? event : p));
  };
  void applyFleet({
    plans,
    callsOf: (name) => {
      const host = byName.get(name);
      return host ? hubCalls(hub, host) : null;
    },
    unreachable,
    limit,
    continueOnError,
    onStep,
    describe: describeHubError,
  })
    .then((outcomes) => {
      job.outcomes = outcomes;
      job.report = outcomeLines(outcomes).filter(Boolean);
    })
    .catch((error: unknown) => {
      job.report = [`Apply stopped: ${error instanceof Error ? error.message : String(error)}`];
    })
    .finally(() => {
      job.state = 'finished';
      trim(jobs);
    });
}

function createApplyJobs(hub: Hub): ApplyJobs {
  const jobs: Jobs = new Map();
  return {
    start(opts) {
      if ([...jobs.values()].some((j) => j.state === 'running'))
        throw new TRPCError({
          code: 'CONFLICT',
          message: 'An apply is already running; wait for its report, then plan again.',
        });
      const job = newJob(opts.plans);
      jobs.set(job.id, job);
      runJob(hub, jobs, job, opts);
      return job.id;
    },
    get(id) {
      const job = jobs.get(id);
      if (!job) return null;
      const { startedAt: _, ...wire } = job;
      return wire;
    },
  };
}

import type { Ipam, PlanStep } from '@underlay/core';
import type { Logger } from 'pino';
import type { EventBus } from '../events/bus';
import type { FleetIpam } from '../fleet/fleet-ipam';
import type { SerialQueue } from '../exec/queue';
import { runPlan, type RunStats } from '../exec/run-plan';
import { refillHostLists, type HostAddressCache, type HostLinkCache } from '../kernel/link-cache';
import type { Kernel } from '../kernel/port';
import type { AgentMetrics } from '../metrics';
import type { Db, Intent } from '../store';
import type { DockerEndpoint } from '../store/docker';
import type { DriftLedger } from './drift-ledger';
import { closeJournal, journalPlan } from './journal';
import { mark } from '../trace/op-trace';

// What every service needs, passed in once, so a test can hand the services a
// kernel stand-in and a temporary database.

/** The agent's shared parts. */
export interface ServiceDeps {
  db: Db;
  kernel: Kernel;
  bus: EventBus;
  queue: SerialQueue;
  /** The host's address registry, in memory, restored from the store at start. */
  ipam: Ipam;
  /** Fleet-wide address blocks (issue 15); absent or not enabled: the host's IPAM alone. */
  fleet?: FleetIpam;
  /** Host links, cached while link events flow. */
  links: HostLinkCache;
  /** Host addresses, cached while address events flow; absent (stand-ins): read each time. */
  addresses?: HostAddressCache;
  log: Logger;
  metrics: AgentMetrics;
  /** The last drift check, for host.snapshot. */
  drift: DriftLedger;
  version: string;
  /** Names Docker endpoints by their containers (asks dockerd), when the Docker plugin is on. */
  dockerNames?: (
    endpoints: DockerEndpoint[],
    opts?: { all?: boolean },
  ) => Promise<Map<string, { id: string; name: string }>>;
}

/** Runs a state-changing operation in the host's queue, with its duration and outcome counted. */
export function operate<T>(
  deps: ServiceDeps,
  operation: string,
  job: () => Promise<T>,
): Promise<T> {
  return deps.queue.run(async () => {
    mark('until-queued-job');
    const stop = deps.metrics.operationSeconds.startTimer({ operation });
    try {
      const result = await job();
      deps.metrics.operations.inc({ operation, outcome: 'ok' });
      return result;
    } catch (err) {
      deps.metrics.operations.inc({ operation, outcome: 'error' });
      deps.log.warn({ operation, err: (err as Error).message }, 'operation failed');
      throw err;
    } finally {
      mark('job');
      closeJournal(deps.db);
      stop();
      mark('journal-close');
    }
  });
}

/**
 * Executes plan steps through the kernel (rollback on failure), counting processes and ops; returns what the batches
 * reported. With an `intent`, the plan is journaled first, so a crash midway is finished or undone at start-up.
 */
export async function execute(
  deps: ServiceDeps,
  steps: PlanStep[],
  intent?: Intent,
): Promise<RunStats> {
  mark('agent');
  const journal = intent ? journalPlan(deps.db, intent, steps) : undefined;
  mark('journal-open');
  try {
    const stats = await runPlan(deps.kernel, steps, journal?.progress);
    deps.metrics.kernelProcesses.inc(stats.processes);
    deps.metrics.kernelOps.inc(stats.ops);
    dropChangedLists(deps, steps);
    return stats;
  } catch (err) {
    journal?.close(); // rolled back: nothing to recover
    deps.links.invalidate();
    deps.addresses?.invalidate();
    throw err;
  }
}

// The host lists a plan changed are dropped and read again once quiet: one run for both when a link changed.
function dropChangedLists(deps: ServiceDeps, steps: PlanStep[]): void {
  const links = steps.some(changesHostLink);
  if (links) deps.links.invalidate();
  if (!steps.some(changesHostAddresses)) return; // a host link change is an address change too
  deps.addresses?.invalidate();
  if (links) refillHostLists(deps.links, deps.addresses);
  else deps.addresses?.refillWhenQuiet();
}

// A connect's host ops only make and move its temporary link, which leaves the
// host's link list as it was; anything else on a host link changes it.
const TEMP = /^ulv[0-9a-f]{7}$/;

// A host link's addresses go with it, and a host shim gets addresses of its own.
function changesHostAddresses(step: PlanStep): boolean {
  const { op } = step;
  if ('netns' in op && op.netns) return false;
  return op.op === 'addrAdd' || op.op === 'addrDel' || changesHostLink(step);
}

function changesHostLink({ op }: PlanStep): boolean {
  if ('netns' in op && op.netns) return false;
  if (op.op === 'linkAdd') return !TEMP.test(op.spec.name);
  if (
    op.op === 'linkDel' ||
    op.op === 'linkSetUp' ||
    op.op === 'linkSetDown' ||
    op.op === 'linkSetNetns' ||
    op.op === 'linkRename'
  )
    return !TEMP.test(op.name);
  return false;
}

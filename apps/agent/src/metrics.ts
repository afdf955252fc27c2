import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Prometheus figures for the opt-in /metrics listener. A registry per agent
// (not prom-client's global one) so tests can run several agents in a process.

/** The agent's metrics. */
export interface AgentMetrics {
  registry: Registry;
  operations: Counter<'operation' | 'outcome'>;
  operationSeconds: Histogram<'operation'>;
  kernelOps: Counter;
  kernelProcesses: Counter;
  clients: Gauge;
  /** Fleet-wide IPAM (issue 15): blocks held per segment, claims, CAS retries, store latency and reachability. */
  fleetBlocksHeld: Gauge<'segment'>;
  fleetClaims: Counter<'kind' | 'outcome'>;
  fleetCasRetries: Counter;
  fleetStoreSeconds: Histogram<'call'>;
  fleetStoreReachable: Gauge;
  fleetConflicts: Gauge<'segment'>;
}

/**
 * Makes the registry and its instruments. `processMetrics: false` leaves out prom-client's process figures, whose
 * collection keeps an event-loop monitor (a 10 ms timer) and GC observers running: for an agent without a /metrics
 * listener, and for the start-up rehearsal's throwaway set.
 */
export function createMetrics({ processMetrics = true } = {}): AgentMetrics {
  const registry = new Registry();
  if (processMetrics) collectDefaultMetrics({ register: registry, prefix: 'underlay_agent_' });
  return {
    registry,
    operations: new Counter({
      name: 'underlay_operations_total',
      help: 'Operations run, by name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [registry],
    }),
    operationSeconds: new Histogram({
      name: 'underlay_operation_duration_seconds',
      help: 'Time from dequeue to completion of each operation',
      labelNames: ['operation'],
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    kernelOps: new Counter({
      name: 'underlay_kernel_ops_total',
      help: 'Kernel operations executed (plan steps)',
      registers: [registry],
    }),
    kernelProcesses: new Counter({
      name: 'underlay_kernel_processes_total',
      help: 'ip processes spawned for plans (batches)',
      registers: [registry],
    }),
    clients: new Gauge({
      name: 'underlay_connected_clients',
      help: 'Authenticated WebSocket clients',
      registers: [registry],
    }),
    ...fleetMetrics(registry),
  };
}

function fleetMetrics(registry: Registry) {
  return {
    fleetBlocksHeld: new Gauge({
      name: 'underlay_fleet_blocks_held',
      help: 'Address blocks this host holds, per segment',
      labelNames: ['segment'],
      registers: [registry],
    }),
    fleetClaims: new Counter({
      name: 'underlay_fleet_claims_total',
      help: 'Fleet-wide address claims: dynamic (from held blocks) or static, by outcome',
      labelNames: ['kind', 'outcome'],
      registers: [registry],
    }),
    fleetCasRetries: new Counter({
      name: 'underlay_fleet_cas_retries_total',
      help: 'Compare-and-swap transactions on the fleet store that lost a race and were retried',
      registers: [registry],
    }),
    fleetStoreSeconds: new Histogram({
      name: 'underlay_fleet_store_call_seconds',
      help: 'Latency of fleet store calls',
      labelNames: ['call'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 3],
      registers: [registry],
    }),
    fleetStoreReachable: new Gauge({
      name: 'underlay_fleet_store_reachable',
      help: '1 when the last fleet store call succeeded, 0 when it failed (absent with no store)',
      registers: [registry],
    }),
    fleetConflicts: new Gauge({
      name: 'underlay_fleet_conflicts',
      help: 'Conflicts on a segment: addresses adoption could not claim, and blocks of this host found held by another',
      labelNames: ['segment'],
      registers: [registry],
    }),
  };
}

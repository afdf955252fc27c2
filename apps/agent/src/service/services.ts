import type { ServiceDeps } from './deps';
import { reconcileService } from '../reconcile/reconcile';
import { hostService } from './host';

// The services the router calls, built once per agent from the shared parts.

/** Builds every service. */
export function createServices(deps: ServiceDeps) {
  return {
    deps,
    host: hostService(deps),
    events: deps.bus,
    reconcile: reconcileService(deps),
  };
}

export type AgentServices = ReturnType<typeof createServices>;

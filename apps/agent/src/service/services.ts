import { bgpService } from '../bgp/service';
import { reconcileService } from '../reconcile/reconcile';
import { containerService } from './containers';
import type { ServiceDeps } from './deps';
import { diagService } from './diag';
import { hostService } from './host';
import { networkService } from './networks';
import { routeService } from './routes';

// The services the router calls, built once per agent from the shared parts.

/** Builds every service. */
export function createServices(deps: ServiceDeps) {
  return {
    deps,
    host: hostService(deps),
    networks: networkService(deps),
    containers: containerService(deps),
    diag: diagService(deps),
    events: deps.bus,
    reconcile: reconcileService(deps),
    routes: routeService(deps),
    bgp: bgpService(deps),
  };
}

export type AgentServices = ReturnType<typeof createServices>;

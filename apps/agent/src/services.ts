import { bgpService } from './bgp/service';
import { fleetStoreService } from './service/fleet-store';
import { reconcileService } from './reconcile/reconcile';
import { containerService } from './service/containers';
import type { ServiceDeps } from './service/deps';
import { diagService } from './service/diag';
import { hostService } from './service/host';
import { networkService } from './service/networks';
import { routeService } from './service/routes';

// The services the router calls, built once per agent from the shared parts.
// The composition root: it sits above service/ and reconcile/ so that
// reconcile/ depends on service/ and never the other way round.

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
    fleetStore: fleetStoreService(deps),
  };
}

export type AgentServices = ReturnType<typeof createServices>;

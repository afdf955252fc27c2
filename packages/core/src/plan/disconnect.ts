import { warning } from '../errors';
import type { Issue } from '../errors';
import type { Family } from '../ip/address';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import type { PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { defaultRouteHolder, defaultRoutes } from './routes';
import { step, type Plan } from './types';

// When the link going away holds a family's default route and another of the
// container's endpoints could hold it, the route is handed over first (while
// the old one still exists, so `replace` swaps it in one go and can be undone).
function handOverSteps(endpoint: Endpoint, snapshot: HostSnapshot): PlanStep[] {
  const network = snapshot.networks.find((n) => n.id === endpoint.networkId);
  if (!network) return [];
  return defaultRoutes(network, endpoint, endpoint.ifname, endpoint.netns).flatMap((current) => {
    const family: Family = current.family;
    if (defaultRouteHolder(snapshot, endpoint.container, family)?.id !== endpoint.id) return [];
    const next = defaultRouteHolder(snapshot, endpoint.container, family, endpoint.id);
    const nextNetwork = next && snapshot.networks.find((n) => n.id === next.networkId);
    const route =
      next &&
      nextNetwork &&
      defaultRoutes(nextNetwork, next, next.ifname, next.netns).find((r) => r.family === family);
    return route
      ? [
          step(
            route,
            current,
            `hand the IPv${family} default route over to ${route.dev} (network ${nextNetwork.name})`,
          ),
        ]
      : [];
  });
}

function linkIsGone(endpoint: Endpoint, snapshot: HostSnapshot): boolean {
  const seen = snapshot.containerLinks.find((c) => c.container === endpoint.container);
  return seen !== undefined && !seen.links.includes(endpoint.ifname);
}

// Deleting the link takes its addresses and routes with it. Re-creating it
// would need a new host-side link, a move and every address again, so the
// delete has no inverse and is the last step: nothing can fail after it.
/** Kernel steps for `network disconnect`: delete the endpoint's link inside the container (the agent then frees its addresses). */
export function planDisconnect({
  network,
  endpoint,
  snapshot,
}: {
  network: Network;
  endpoint: Endpoint;
  snapshot: HostSnapshot;
}): Plan {
  const warnings: Issue[] = [];
  if (linkIsGone(endpoint, snapshot)) {
    warnings.push(
      warning(
        'NOT_FOUND',
        ['container'],
        `${endpoint.ifname} is already gone from container ${endpoint.container}; only the records are removed.`,
      ),
    );
    return { steps: [], warnings };
  }
  const del = step(
    { op: 'linkDel', netns: endpoint.netns, name: endpoint.ifname },
    null,
    `delete ${endpoint.ifname} in container ${endpoint.container}: leaves network ${network.name} (its addresses and routes go with it)`,
  );
  return { steps: [...handOverSteps(endpoint, snapshot), del], warnings };
}

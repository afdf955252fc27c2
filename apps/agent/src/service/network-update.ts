import {
  assertNoErrors,
  NetworkUpdateSchema,
  resolveNetworkUpdate,
  validateNetworkUpdate,
  type NetworkUpdateResult,
} from '@underlay/core';
import { listNetworks, saveNetwork } from '../store';
import { operate, type ServiceDeps } from './deps';
import { requireNetwork } from './lookup';

// `networks.update`: what changes in place (labels: core's IN_PLACE_FIELDS).
// No kernel step and no container is touched: the record is rewritten in one
// transaction and `network.updated` is published. Anything else is a replace.

/** Updates a network's in-place fields; an update that changes nothing writes nothing and publishes nothing. */
export function updateNetwork(deps: ServiceDeps, input: unknown): Promise<NetworkUpdateResult> {
  const request = NetworkUpdateSchema.parse(input);
  return operate(deps, 'networks.update', async () => {
    assertNoErrors(validateNetworkUpdate(request));
    const current = requireNetwork({ networks: listNetworks(deps.db) }, request.network);
    const { network, changed } = resolveNetworkUpdate(current, request);
    if (!changed.length) return { network, changed };
    deps.db.transaction(() => saveNetwork(deps.db, network))();
    deps.bus.publish({ type: 'network.updated', network, changed });
    deps.log.info({ network: network.name, changed }, 'network updated');
    return { network, changed };
  });
}

import { planNetworkRemove, type Network } from '@underlay/core';
import { deleteNetwork, releaseOwnedLink } from '../store';
import { execute, operate, type ServiceDeps } from './deps';
import { requireNetwork } from './lookup';
import { takeSnapshot } from './snapshot';

// `network rm`: the parent goes only if underlay made it and this network was
// its last user (planNetworkRemove decides); the record goes after the kernel.

/** Removes a network that has no endpoints. */
export function removeNetwork(
  deps: ServiceDeps,
  ref: string,
): Promise<{ network: Network; removedLinks: string[] }> {
  return operate(deps, 'networks.remove', () => removeNetworkNow(deps, ref));
}

/** The removal itself, for callers already in the queue (undoing a CNI ADD's inline create). */
export async function removeNetworkNow(
  deps: ServiceDeps,
  ref: string,
): Promise<{ network: Network; removedLinks: string[] }> {
  {
    const snapshot = await takeSnapshot(deps);
    const network = requireNetwork(snapshot, ref);
    const plan = planNetworkRemove({ network, snapshot });
    await execute(deps, plan.steps);
    deps.db.transaction(() => {
      deleteNetwork(deps.db, network.id);
      releaseOwnedLink(deps.db, { name: network.parent, networkId: network.id });
    })();
    deps.ipam.removeNetwork(network.id);
    const removedLinks = plan.steps.flatMap(({ op }) =>
      op.op === 'linkDel' && !op.netns ? [op.name] : [],
    );
    deps.bus.publish({ type: 'network.removed', networkId: network.id, name: network.name });
    deps.log.info({ network: network.name, removedLinks }, 'network removed');
    return { network, removedLinks };
  }
}

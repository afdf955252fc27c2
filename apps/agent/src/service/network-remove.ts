import { planNetworkRemove, planShimRemove, type Network } from '@underlay/core';
import { deleteNetwork, deleteShim, releaseOwnedLink } from '../store';
import { execute, operate, type ServiceDeps } from './deps';
import { finishForgetting } from './journal';
import { requireNetwork } from './lookup';
import { recordsOf, takeSnapshot } from './snapshot';

// `network rm`: the parent goes only if underlay made it and this network was
// its last user (planNetworkRemove decides), the host shim only with the last
// network that wants it (planShimRemove); the record goes after the kernel.

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
    // Host addresses matter only to a host shim's removal: without shims, one read fewer.
    const records = recordsOf(deps);
    const snapshot = await takeSnapshot(deps, {
      records,
      addresses: (records.shims ?? []).length > 0,
    });
    const network = requireNetwork(snapshot, ref);
    // The host shim's share first: the shim hangs off the parent the network's plan may delete.
    const plan = planNetworkRemove({ network, snapshot });
    plan.steps.unshift(...planShimRemove({ network, snapshot }).steps);
    await execute(deps, plan.steps, finishForgetting('networks.remove', { network: network.id }));
    deps.db.transaction(() => {
      deleteShim(deps.db, network.id);
      deleteNetwork(deps.db, network.id);
      releaseOwnedLink(deps.db, { name: network.parent, networkId: network.id });
    })();
    const shim = snapshot.shims?.find((s) => s.networkId === network.id);
    if (shim) deps.ipam.releaseEndpoint({ network: network.id, ...shim });
    deps.ipam.removeNetwork(network.id);
    const removedLinks = plan.steps.flatMap(({ op }) =>
      op.op === 'linkDel' && !op.netns ? [op.name] : [],
    );
    deps.bus.publish({ type: 'network.removed', networkId: network.id, name: network.name });
    deps.log.info({ network: network.name, removedLinks }, 'network removed');
    return { network, removedLinks };
  }
}

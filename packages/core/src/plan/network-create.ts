import type { Network } from '../schemas/network';
import type { HostSnapshot } from '../schemas/snapshot';
import { assertVlanBase, hasLink, makeParentSteps, parentSpecOf } from './parent-steps';
import { emptyPlan, type Plan } from './types';

// Only a missing NAME.VID or dummy parent needs kernel work. An existing link
// of that name (made by someone else, or by underlay for another network) is
// adopted as it is: no ops, and underlay does not become its owner. A parent
// that exists but is down is refused by validation, never brought up here.
/** Kernel steps for `network create`: the parent when it must be made, nothing otherwise. */
export function planNetworkCreate({
  network,
  snapshot,
}: {
  network: Network;
  snapshot: HostSnapshot;
}): Plan {
  const spec = parentSpecOf(network);
  if (!spec || hasLink(snapshot, spec.name)) return emptyPlan();
  assertVlanBase(spec, snapshot);
  const reason =
    spec.kind === 'vlan'
      ? `parent of network ${network.name}, missing on this host`
      : `network ${network.name} has no parent, so it is isolated`;
  return { steps: makeParentSteps(spec, reason), warnings: [] };
}

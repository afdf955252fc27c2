import { DomainError, issue, warning } from '../errors';
import type { Issue } from '../errors';
import type { Network } from '../schemas/network';
import type { LinkSpec, PlanStep } from '../schemas/ops';
import type { HostSnapshot, SnapshotLink } from '../schemas/snapshot';
import { parentSpecOf } from './parent-steps';
import { step, type Plan } from './types';

/** Other networks on this host that use the same parent link. */
function otherUsers(network: Network, snapshot: HostSnapshot): string[] {
  const owned = snapshot.ownedLinks.find((o) => o.name === network.parent)?.networkIds ?? [];
  const sharing = snapshot.networks.filter((n) => n.parent === network.parent).map((n) => n.id);
  return [...new Set([...owned, ...sharing])].filter((id) => id !== network.id).sort();
}

// Docker's guard, kept: a VLAN link is deleted only when it still has a lower
// link, a dummy only when it is a dummy, so a real NIC is never deleted even
// if the records were wrong.
function isWhatWeMade(link: SnapshotLink, kind: 'vlan' | 'dummy'): boolean {
  return kind === 'vlan' ? link.kind === 'vlan' && link.parent !== null : link.kind === 'dummy';
}

/** Host links that removing `network` deletes: its parent, only if underlay made it and no other network uses it. */
export function linksRemovedBy(network: Network, snapshot: HostSnapshot): string[] {
  const owned = snapshot.ownedLinks.find((o) => o.name === network.parent);
  const link = snapshot.links.find((l) => l.name === network.parent);
  if (!owned || !link || !isWhatWeMade(link, owned.kind)) return [];
  return otherUsers(network, snapshot).length === 0 ? [link.name] : [];
}

/** The spec that re-creates a link as it is now (the inverse of deleting it). */
function specOf(link: SnapshotLink, network: Network): LinkSpec | null {
  if (link.kind === 'dummy') return { kind: 'dummy', name: link.name };
  if (link.parent && link.vlanId)
    return { kind: 'vlan', name: link.name, link: link.parent, id: link.vlanId };
  return parentSpecOf(network);
}

/** Deletes one link; set down first when up, so that undoing (add, then up) restores it exactly. */
function deleteLinkSteps(link: SnapshotLink, network: Network): PlanStep[] {
  const spec = specOf(link, network);
  const why = `delete ${link.name}: underlay created it for ${network.name}, its last user`;
  return [
    ...(link.up
      ? [
          step(
            { op: 'linkSetDown', name: link.name },
            { op: 'linkSetUp', name: link.name },
            `take ${link.name} down before deleting it`,
          ),
        ]
      : []),
    step({ op: 'linkDel', name: link.name }, spec ? { op: 'linkAdd', spec } : null, why),
  ];
}

/** Refuses to remove a network that containers still use (Docker: "has active endpoints"). */
function assertNoEndpoints(network: Network, snapshot: HostSnapshot): void {
  const containers = snapshot.endpoints
    .filter((e) => e.networkId === network.id)
    .map((e) => e.container);
  if (containers.length === 0) return;
  throw new DomainError(
    issue(
      'NETWORK_HAS_ENDPOINTS',
      ['network'],
      `network ${network.name} has active endpoints (${containers.sort().join(', ')}).`,
      `Disconnect them first: network disconnect ${network.name} CONTAINER.`,
    ),
  );
}

/** Kernel steps for `network rm`: delete the parent only if underlay made it and this is its last network; never anything else. */
export function planNetworkRemove({
  network,
  snapshot,
}: {
  network: Network;
  snapshot: HostSnapshot;
}): Plan {
  assertNoEndpoints(network, snapshot);
  const removed = linksRemovedBy(network, snapshot);
  const warnings: Issue[] = [];
  const users = otherUsers(network, snapshot);
  if (
    removed.length === 0 &&
    users.length > 0 &&
    snapshot.ownedLinks.some((o) => o.name === network.parent)
  ) {
    const names = users.map((id) => snapshot.networks.find((n) => n.id === id)?.name ?? id);
    warnings.push(
      warning(
        'PARENT_IN_USE',
        ['network'],
        `${network.parent} is kept: networks ${names.join(', ')} still use it.`,
      ),
    );
  }
  const steps = snapshot.links
    .filter((l) => removed.includes(l.name))
    .flatMap((l) => deleteLinkSteps(l, network));
  return { steps, warnings };
}

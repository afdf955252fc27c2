import { DomainError, issue, parseAddress, type Network, type PlanStep } from '@underlay/core';
import { execute, type ServiceDeps } from '../service/deps';
import { tempLinkName } from '../service/ids';
import { undoUnlessRecorded } from '../service/journal';
import { listPools, poolAddresses, type DockerEndpoint } from '../store/docker';
import { releaseFleetAddress } from './fleet';

// The kernel and address side of Docker's endpoints. Join makes the ipvlan
// link in the host namespace under a temporary name, as Docker's own ipvlan
// driver does (drivers/ipvlan/ipvlan_joinleave.go); dockerd moves it into
// the sandbox, names it ethN and sets the addresses and routes Join answers.
// On leave dockerd moves it back, and DeleteEndpoint deletes it.

type Field = 'ipv4Address' | 'ipv6Address';
const FIELDS: Field[] = ['ipv4Address', 'ipv6Address'];

/** True when the IPAM driver handed this address out of one of the network's pools. */
export function heldByPool(deps: ServiceDeps, networkId: string, text: string): boolean {
  const plain = text.split('/')[0] ?? '';
  return listPools(deps.db).some(
    (p) => p.networkId === networkId && poolAddresses(deps.db, p.id).includes(plain),
  );
}

/** Reserves in the network's IPAM the addresses Docker's own IPAM chose; returns which ones (all or none on failure). */
export function reserveDockerAddresses(
  deps: ServiceDeps,
  network: Network,
  addresses: Pick<DockerEndpoint, Field>,
): Field[] {
  const owned: Field[] = [];
  try {
    for (const field of FIELDS) {
      const text = addresses[field];
      if (!text || heldByPool(deps, network.id, text)) continue;
      const address = parseAddress(text.split('/')[0] ?? '');
      const pool =
        address &&
        deps.ipam
          .pools(network.id)
          .find((p) => p.space.offsetOf(address.family, address.value) !== null);
      if (!address || !pool)
        throw new DomainError(
          issue(
            'ADDRESS_OUTSIDE_SUBNET',
            ['Interface', field === 'ipv4Address' ? 'Address' : 'AddressIPv6'],
            `${text} is in no subnet of network ${network.name}.`,
            "Give docker network connect an --ip inside the network's --subnet.",
          ),
        );
      pool.allocateStatic(address.value);
      owned.push(field);
    }
  } catch (err) {
    releaseOwned(deps, { networkId: network.id, owned, ...addresses });
    throw err;
  }
  return owned;
}

/** Gives back the addresses CreateEndpoint reserved. */
export function releaseOwned(
  deps: ServiceDeps,
  endpoint: Pick<DockerEndpoint, 'networkId' | 'owned' | Field>,
): void {
  for (const field of endpoint.owned) {
    const text = endpoint[field];
    const address = text ? parseAddress(text.split('/')[0] ?? '') : null;
    if (!address) continue;
    const pool = deps.ipam
      .pools(endpoint.networkId)
      .find((p) => p.space.offsetOf(address.family, address.value) !== null);
    if (pool?.release(address.value) && text) releaseFleetAddress(deps, endpoint.networkId, text);
  }
}

/** Makes the endpoint's ipvlan link in the host namespace under a temporary name; returns the name. */
export async function makeJoinLink(deps: ServiceDeps, network: Network): Promise<string> {
  const name = tempLinkName();
  const step: PlanStep = {
    op: {
      op: 'linkAdd',
      spec: { kind: 'ipvlan', name, link: network.parent, mode: network.mode, flag: network.flag },
    },
    inverse: { op: 'linkDel', name },
    why: `create ipvlan ${network.mode} ${network.flag} link on ${network.parent} for dockerd to move into the container`,
  };
  await execute(deps, [step], undoUnlessRecorded('docker.join'));
  return name;
}

/** Deletes the endpoint's link if dockerd left it (or moved it back) in the host namespace. */
export async function dropJoinLink(deps: ServiceDeps, name: string | undefined): Promise<void> {
  if (!name) return;
  const links = await deps.kernel.hostLinks();
  if (!links.some((l) => l.name === name)) return;
  await execute(deps, [
    {
      op: { op: 'linkDel', name },
      inverse: null,
      why: 'delete the endpoint link dockerd gave back',
    },
  ]);
}

/** NOT_FOUND for an endpoint dockerd names but the plugin does not know. */
export function unknownEndpoint(id: string): DomainError {
  return new DomainError(
    issue(
      'NOT_FOUND',
      ['EndpointID'],
      `no Docker endpoint ${id.slice(0, 12)} on this host.`,
      'dockerd creates endpoints with CreateEndpoint first; docker network disconnect and connect again.',
    ),
  );
}

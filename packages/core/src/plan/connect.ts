import { DomainError, issue, warning } from '../errors';
import type { Issue } from '../errors';
import type { Container } from '../schemas/container';
import type { Network } from '../schemas/network';
import type { PlanStep } from '../schemas/ops';
import type { HostSnapshot } from '../schemas/snapshot';
import { assertIfname, containerIfnames, firstFreeEth } from './names';
import { hasLink } from './parent-steps';
import { addressesOf, defaultRouteHolder, defaultRoutes, type EndpointAddresses } from './routes';
import { step, type Plan } from './types';

export interface ConnectRequest {
  network: Network;
  container: Pick<Container, 'name' | 'netns'>;
  snapshot: HostSnapshot;
  /** Addresses from IPAM, `addr/prefix`. */
  addresses: EndpointAddresses;
  /** Host-side temporary name, unused on the host (the agent makes `ulv` + 7 hex digits, 11 bytes like Docker's veth names). */
  tempName: string;
  /** The name inside the container (a CNI runtime's CNI_IFNAME); default the first free ethN. */
  ifname?: string | undefined;
}

function assertConnectable({ network, container, snapshot, tempName }: ConnectRequest): void {
  assertIfname(tempName, ['tempName'], 'temporary link name');
  if (hasLink(snapshot, tempName)) {
    throw new DomainError(
      issue(
        'INVALID_IFNAME',
        ['tempName'],
        `temporary name ${tempName} is already a link on this host.`,
        'Generate another one.',
      ),
    );
  }
  if (!hasLink(snapshot, network.parent)) {
    throw new DomainError(
      issue(
        'PARENT_NOT_FOUND',
        ['network'],
        `the parent interface ${network.parent} of network ${network.name} was not found on this host.`,
        'Create or restore the parent link, then connect again.',
      ),
    );
  }
  if (
    snapshot.endpoints.some((e) => e.networkId === network.id && e.container === container.name)
  ) {
    throw new DomainError(
      issue(
        'ENDPOINT_EXISTS',
        ['container'],
        `container ${container.name} is already connected to network ${network.name}.`,
      ),
    );
  }
}

// The link is made in the host namespace (only there is the parent visible),
// then moved. Its inverse after the move is a delete inside the container:
// the host namespace has no name `ip -n` could move it back to, deleting is
// what the rollback wants anyway, and the later host-side delete of the
// temporary name then finds nothing, which counts as done (see types.ts).
function linkSteps(
  { network, container, tempName, ifname: asked }: ConnectRequest,
  ifname: string,
): PlanStep[] {
  const { netns } = container;
  return [
    step(
      {
        op: 'linkAdd',
        spec: {
          kind: 'ipvlan',
          name: tempName,
          link: network.parent,
          mode: network.mode,
          flag: network.flag,
        },
      },
      { op: 'linkDel', name: tempName },
      `create ipvlan ${network.mode} ${network.flag} link on ${network.parent} (MTU: the parent's, as the kernel gives it)`,
    ),
    step(
      { op: 'linkSetNetns', name: tempName, target: netns },
      { op: 'linkDel', netns, name: tempName },
      `move it into container ${container.name}`,
    ),
    step(
      { op: 'linkRename', netns, name: tempName, newName: ifname },
      { op: 'linkRename', netns, name: ifname, newName: tempName },
      asked ? `name it ${ifname}, as asked` : `name it ${ifname}, the first free ethN there`,
    ),
  ];
}

function addressSteps(
  { container: { netns }, addresses }: ConnectRequest,
  ifname: string,
): PlanStep[] {
  return addressesOf(addresses).map(([family, address]) =>
    family === 6
      ? step(
          { op: 'addrAdd', netns, dev: ifname, address, nodad: true },
          { op: 'addrDel', netns, dev: ifname, address },
          `assign ${address} (nodad, as Docker: no duplicate address detection delay)`,
        )
      : step(
          { op: 'addrAdd', netns, dev: ifname, address },
          { op: 'addrDel', netns, dev: ifname, address },
          `assign ${address}`,
        ),
  );
}

function routeSteps(request: ConnectRequest, ifname: string, warnings: Issue[]): PlanStep[] {
  const { network, container, snapshot, addresses } = request;
  return defaultRoutes(network, addresses, ifname, container.netns).flatMap((route) => {
    const holder = defaultRouteHolder(snapshot, container.name, route.family);
    if (holder) {
      warnings.push(
        warning(
          'DEFAULT_ROUTE_KEPT',
          ['container'],
          `container ${container.name} keeps its IPv${route.family} default route on ${holder.ifname}; ${ifname} gets only its subnet route.`,
        ),
      );
      return [];
    }
    const { op: _op, ...rest } = route;
    const how = route.via
      ? `via gateway ${route.via}`
      : `through ${ifname} (${network.mode}: the parent routes)`;
    return [step(route, { ...rest, op: 'routeDel' }, `IPv${route.family} default route ${how}`)];
  });
}

// Docker's rule (first free ethN) unless the caller names the link, as a CNI
// runtime does: that name must be free in the container (the spec's ADD rule).
function containerIfname({ snapshot, container, ifname }: ConnectRequest): string {
  const used = containerIfnames(snapshot, container.name);
  if (ifname === undefined) return firstFreeEth(used);
  assertIfname(ifname, ['ifname']);
  if (used.has(ifname))
    throw new DomainError(
      issue(
        'ENDPOINT_EXISTS',
        ['ifname'],
        `an interface named ${ifname} already exists in container ${container.name}.`,
        'Give another interface name, or delete that interface first.',
      ),
    );
  return ifname;
}

// Ops mirror Docker's join: create, move, rename (while down: the kernel
// refuses to rename a running link), addresses, up, routes. No MTU op: the
// kernel gives an ipvlan link its parent's MTU.
/** Kernel steps for `network connect`, and the name the link gets in the container. */
export function planConnect(request: ConnectRequest): { plan: Plan; ifname: string } {
  assertConnectable(request);
  const { container } = request;
  const ifname = containerIfname(request);
  const warnings: Issue[] = [];
  const steps = [
    ...linkSteps(request, ifname),
    ...addressSteps(request, ifname),
    step(
      { op: 'linkSetUp', netns: container.netns, name: ifname },
      { op: 'linkSetDown', netns: container.netns, name: ifname },
      `bring ${ifname} up`,
    ),
    ...routeSteps(request, ifname, warnings),
  ];
  return { plan: { steps, warnings }, ifname };
}

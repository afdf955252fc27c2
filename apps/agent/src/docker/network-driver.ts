import {
  DockerCreateEndpointSchema,
  DockerCreateNetworkSchema,
  DockerDiscoverySchema,
  DockerEndpointRefSchema,
  DockerJoinSchema,
  DockerNetworkRefSchema,
  DockerProgramConnectivitySchema,
  DomainError,
  issue,
  type DockerCreateEndpoint,
  type DockerJoinResponse,
  type Network,
} from '@underlay/core';
import { operate, type ServiceDeps } from '../service/deps';
import { nowIso } from '../service/ids';
import { createNetwork } from '../service/network-create';
import { removeNetwork } from '../service/network-remove';
import { listNetworks } from '../store';
import { ADDRESS_SPACES } from './ipam-driver';
import { claimDockerChosen } from './fleet';
import {
  dropJoinLink,
  makeJoinLink,
  heldByPool,
  releaseOwned,
  reserveDockerAddresses,
  unknownEndpoint,
} from './endpoints';
import { snapshotEndpointOf } from '../service/docker-inspect';
import { parseRequest } from './request';
import {
  bindPool,
  deleteDockerEndpoint,
  getDockerEndpoint,
  listDockerEndpoints,
  listPools,
  saveDockerEndpoint,
} from '../store/docker';
import { toNetworkCreate } from './translate';

// Docker's network driver (/NetworkDriver.*), translated into the agent's
// own operations: CreateNetwork is `network create` (same validation, plan,
// records), endpoints are recorded with Docker's ids, Join makes the link.

const findNetwork = (deps: ServiceDeps, id: string): Network | undefined =>
  listNetworks(deps.db).find((n) => n.id === id);

function requireNetwork(deps: ServiceDeps, id: string): Network {
  const network = findNetwork(deps, id);
  if (network) return network;
  throw new DomainError(
    issue(
      'NOT_FOUND',
      ['NetworkID'],
      `no underlay network ${id.slice(0, 12)} on this host.`,
      'underlay network ls lists them; docker network rm it and create it again with -d underlay.',
    ),
  );
}

/** /NetworkDriver.GetCapabilities: local data, global connectivity (as Docker's ipvlan driver). */
export const capabilities = () => ({
  Scope: 'local' as const,
  ConnectivityScope: 'global' as const,
});

/** /NetworkDriver.CreateNetwork */
export async function createDockerNetwork(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerCreateNetworkSchema, body);
  if (findNetwork(deps, request.NetworkID)) return {};
  const pools = listPools(deps.db);
  const data = [...(request.IPv4Data ?? []), ...(request.IPv6Data ?? [])];
  data.forEach((d, index) => {
    if (d.AddressSpace !== ADDRESS_SPACES.LocalDefaultAddressSpace) return;
    const taken = pools.some((p) => p.pool === d.Pool && p.networkId !== null);
    if (taken && !pools.some((p) => p.pool === d.Pool && p.networkId === null))
      throw new DomainError(
        issue(
          'SUBNET_OVERLAP',
          [`IPv${d.Pool.includes(':') ? 6 : 4}Data`, index, 'Pool'],
          `pool ${d.Pool} already serves another Docker network on this host.`,
          "underlay's IPAM driver gives a subnet to one Docker network per host: use another --subnet, or Docker's default IPAM (leave --ipam-driver out).",
        ),
      );
  });
  const { network } = await createNetwork(deps, toNetworkCreate(request, pools), {
    id: request.NetworkID,
  });
  for (const subnet of network.subnets) {
    const pool = pools.find(
      (p) =>
        p.pool === subnet.subnet && p.networkId === null && p.subPool === (subnet.ipRange ?? ''),
    );
    if (pool) bindPool(deps.db, pool.id, network.id);
  }
  return {};
}

/** /NetworkDriver.DeleteNetwork: idempotent; the parent goes only if underlay made it. */
export async function deleteDockerNetwork(deps: ServiceDeps, body: unknown) {
  const { NetworkID } = parseRequest(DockerNetworkRefSchema, body);
  const network = findNetwork(deps, NetworkID);
  if (!network) return {};
  const left = listDockerEndpoints(deps.db, NetworkID);
  if (left.length > 0)
    throw new DomainError(
      issue(
        'NETWORK_HAS_ENDPOINTS',
        ['NetworkID'],
        `network ${network.name} still has ${left.length} Docker endpoint(s).`,
        'docker network disconnect its containers first.',
      ),
    );
  await removeNetwork(deps, network.id);
  for (const pool of listPools(deps.db).filter((p) => p.networkId === NetworkID))
    bindPool(deps.db, pool.id, null);
  return {};
}

/** The addresses Docker chose for an endpoint; refuses a custom MAC and an endpoint with no address. */
function chosenAddresses(iface: DockerCreateEndpoint['Interface']): {
  ipv4Address?: string;
  ipv6Address?: string;
} {
  if (iface?.MacAddress)
    throw new DomainError(
      issue(
        'INVALID_INPUT',
        ['Interface', 'MacAddress'],
        "ipvlan links share their parent's MAC address; a custom MAC cannot be set.",
        'Leave --mac-address out.',
      ),
    );
  if (!iface?.Address && !iface?.AddressIPv6)
    throw new DomainError(
      issue(
        'INVALID_INPUT',
        ['Interface', 'Address'],
        'Docker gave the endpoint no address (the null IPAM driver?).',
        "Create the network with --ipam-driver underlay, or with Docker's default IPAM.",
      ),
    );
  return {
    ...(iface.Address ? { ipv4Address: iface.Address } : {}),
    ...(iface.AddressIPv6 ? { ipv6Address: iface.AddressIPv6 } : {}),
  };
}

/** Claims on the segment the addresses no pool of ours handed out, then reserves them all; undoes the claim on failure. */
async function reserveChosen(
  deps: ServiceDeps,
  network: Network,
  addresses: { ipv4Address?: string; ipv6Address?: string },
): Promise<ReturnType<typeof reserveDockerAddresses>> {
  // Docker's own IPAM chose these: claimed on the segment first (a no-op without a fleet store).
  const chosen = Object.fromEntries(
    Object.entries(addresses).filter(([, text]) => !heldByPool(deps, network.id, text)),
  );
  const undoFleet = await claimDockerChosen(deps, network, chosen);
  try {
    return reserveDockerAddresses(deps, network, addresses);
  } catch (err) {
    undoFleet();
    throw err;
  }
}

/** /NetworkDriver.CreateEndpoint: records Docker's endpoint and reserves the addresses Docker chose. */
export function createDockerEndpoint(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerCreateEndpointSchema, body);
  return operate(deps, 'docker.createEndpoint', async () => {
    const network = requireNetwork(deps, request.NetworkID);
    if (getDockerEndpoint(deps.db, request.EndpointID)) return {};
    const addresses = chosenAddresses(request.Interface);
    const owned = await reserveChosen(deps, network, addresses);
    saveDockerEndpoint(deps.db, {
      id: request.EndpointID,
      networkId: network.id,
      ...addresses,
      owned,
      created: nowIso(),
    });
    return {};
  });
}

/** /NetworkDriver.DeleteEndpoint: the link (if dockerd gave it back), the reserved addresses, the record; idempotent. */
export function deleteDockerEndpoint_(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerEndpointRefSchema, body);
  return operate(deps, 'docker.deleteEndpoint', async () => {
    const endpoint = getDockerEndpoint(deps.db, request.EndpointID);
    if (!endpoint) return {};
    await dropJoinLink(deps, endpoint.srcName);
    releaseOwned(deps, endpoint);
    deleteDockerEndpoint(deps.db, endpoint.id);
    if (endpoint.sandboxKey)
      deps.bus.publish({ type: 'endpoint.disconnected', endpoint: snapshotEndpointOf(endpoint) });
    return {};
  });
}

/** /NetworkDriver.EndpointOperInfo: what `docker inspect` shows under the endpoint's driver info. */
export function operInfo(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerEndpointRefSchema, body);
  const endpoint = getDockerEndpoint(deps.db, request.EndpointID);
  if (!endpoint) throw unknownEndpoint(request.EndpointID);
  const network = requireNetwork(deps, endpoint.networkId);
  return {
    Value: {
      'underlay.network': network.name,
      'underlay.parent': network.parent,
      'underlay.mode': network.mode,
      'underlay.flag': network.flag,
    },
  };
}

/** /NetworkDriver.Join */
export function join(deps: ServiceDeps, body: unknown): Promise<DockerJoinResponse> {
  const request = parseRequest(DockerJoinSchema, body);
  return operate(deps, 'docker.join', async () => {
    const network = requireNetwork(deps, request.NetworkID);
    const endpoint = getDockerEndpoint(deps.db, request.EndpointID);
    if (!endpoint) throw unknownEndpoint(request.EndpointID);
    await dropJoinLink(deps, endpoint.srcName);
    const srcName = await makeJoinLink(deps, network);
    const joined = { ...endpoint, srcName, sandboxKey: request.SandboxKey };
    saveDockerEndpoint(deps.db, joined);
    // the dashboard redraws on events: Docker's containers appear as they join
    deps.bus.publish({ type: 'endpoint.connected', endpoint: snapshotEndpointOf(joined) });
    return joinAnswer(network, endpoint, srcName);
  });
}

// Docker's ipvlan Join: L2 gets the subnet's gateway per family; L3/L3S a
// connected default route per family the endpoint has, and no gateway
// service (else libnetwork would add docker_gwbridge). Internal: no route.
function joinAnswer(
  network: Network,
  endpoint: { ipv4Address?: string; ipv6Address?: string },
  srcName: string,
): DockerJoinResponse {
  const answer: DockerJoinResponse = { InterfaceName: { SrcName: srcName, DstPrefix: 'eth' } };
  if (network.internal) return { ...answer, DisableGatewayService: true };
  if (network.mode === 'l2') {
    const gw = (family: 4 | 6) =>
      network.subnets.find((s) => s.family === family && s.gateway)?.gateway;
    const v4 = endpoint.ipv4Address ? gw(4) : undefined;
    const v6 = endpoint.ipv6Address ? gw(6) : undefined;
    return { ...answer, ...(v4 ? { Gateway: v4 } : {}), ...(v6 ? { GatewayIPv6: v6 } : {}) };
  }
  const routes = [
    ...(endpoint.ipv4Address ? [{ Destination: '0.0.0.0/0', RouteType: 1 as const }] : []),
    ...(endpoint.ipv6Address ? [{ Destination: '::/0', RouteType: 1 as const }] : []),
  ];
  return { ...answer, StaticRoutes: routes, DisableGatewayService: true };
}

/** /NetworkDriver.Leave: dockerd moves the link back itself; DeleteEndpoint deletes it. */
export function leave(deps: ServiceDeps, body: unknown) {
  const request = parseRequest(DockerEndpointRefSchema, body);
  requireNetwork(deps, request.NetworkID);
  return {};
}

/** Program/RevokeExternalConnectivity: nothing to program on an ipvlan network (no NAT, no ports). */
export function externalConnectivity(schema: 'program' | 'revoke') {
  return (_deps: ServiceDeps, body: unknown) => {
    parseRequest(
      schema === 'program' ? DockerProgramConnectivitySchema : DockerEndpointRefSchema,
      body,
    );
    return {};
  };
}

/** DiscoverNew/DiscoverDelete: a local-scope driver has nothing to learn about other nodes. */
export function discovery(_deps: ServiceDeps, body: unknown) {
  parseRequest(DockerDiscoverySchema, body);
  return {};
}

/** AllocateNetwork/FreeNetwork: swarm calls them for global-scope drivers only. */
export function notGlobal(method: string) {
  return () => {
    throw new DomainError(
      issue(
        'INVALID_DRIVER',
        [method],
        `${method} is not implemented: underlay is a local-scope driver (GetCapabilities Scope "local"), so swarm does not allocate its networks.`,
        'Create the network on each host with docker network create -d underlay.',
      ),
    );
  };
}

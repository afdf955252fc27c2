import {
  assertNoErrors,
  ConnectSchema,
  DisconnectSchema,
  planConnect,
  planDisconnect,
  validateConnect,
  type ConnectInput,
  type Endpoint,
  type Issue,
  type PlanStep,
} from '@underlay/core';
import { deleteEndpoint, saveEndpoint } from '../store';
import { allocateAddresses, releaseAddresses } from './addresses';
import { execute, operate, type ServiceDeps } from './deps';
import { newId, nowIso, tempLinkName } from './ids';
import { requireContainer, requireEndpoint, requireNetwork } from './lookup';
import { recordsOf, takeSnapshot } from './snapshot';

// `network connect` / `disconnect`. Addresses are taken before the kernel
// work and given back if it fails, so a failed connect leaves no allocation;
// the endpoint record is written only once the link is up in the container,
// with the MAC the kernel gave it (docker's inspect shows it).

/** Connects a container to a network. */
export function connect(
  deps: ServiceDeps,
  input: unknown,
): Promise<{ endpoint: Endpoint; warnings: Issue[]; steps: PlanStep[] }> {
  return operate(deps, 'networks.connect', () => connectNow(deps, ConnectSchema.parse(input)));
}

/** The connect itself, for callers already in the queue (connect, repair). */
export async function connectNow(
  deps: ServiceDeps,
  request: ConnectInput,
  opts: { ifname?: string } = {},
): Promise<{ endpoint: Endpoint; warnings: Issue[]; steps: PlanStep[] }> {
  const records = recordsOf(deps);
  const container = requireContainer(records, request.container);
  const snapshot = await takeSnapshot(deps, { containers: [container], addresses: false, records });
  assertNoErrors(validateConnect(request, snapshot));
  const network = requireNetwork(snapshot, request.network);
  const addresses = await allocateAddresses(deps, network, {
    ipv4Address: request.ipv4Address,
    ipv6Address: request.ipv6Address,
  });
  try {
    const { plan, ifname } = planConnect({
      network,
      container,
      snapshot,
      addresses,
      tempName: tempLinkName(),
      ifname: opts.ifname,
    });
    const stats = await execute(deps, plan.steps);
    // The container batch ends by listing the namespace (same process), so the link's MAC costs no extra exec.
    const mac = stats.links.get(container.netns)?.find((l) => l.name === ifname)?.mac;
    const endpoint: Endpoint = {
      id: newId(),
      networkId: network.id,
      container: container.name,
      netns: container.netns,
      ifname,
      ...addresses,
      ...(mac ? { mac } : {}),
      created: nowIso(),
    };
    saveEndpoint(deps.db, endpoint);
    deps.bus.publish({ type: 'endpoint.connected', endpoint });
    return { endpoint, warnings: plan.warnings, steps: plan.steps };
  } catch (err) {
    releaseAddresses(deps, network.id, addresses);
    throw err;
  }
}

/** Frees an endpoint's record and addresses (after its link is gone). */
export function forgetEndpoint(deps: ServiceDeps, endpoint: Endpoint): void {
  deleteEndpoint(deps.db, endpoint.id);
  releaseAddresses(deps, endpoint.networkId, {
    ...(endpoint.ipv4Address ? { ipv4Address: endpoint.ipv4Address } : {}),
    ...(endpoint.ipv6Address ? { ipv6Address: endpoint.ipv6Address } : {}),
  });
}

/** Disconnects a container from a network: its link goes, then its addresses are free at once. */
export function disconnect(
  deps: ServiceDeps,
  input: unknown,
): Promise<{ endpoint: Endpoint; warnings: Issue[] }> {
  return operate(deps, 'networks.disconnect', async () => {
    const request = DisconnectSchema.parse(input);
    const records = recordsOf(deps);
    const network = requireNetwork(records, request.network);
    const endpoint = requireEndpoint(records, network, request.container);
    const container = requireContainer(records, request.container);
    const snapshot = await takeSnapshot(deps, {
      containers: [container],
      addresses: false,
      records,
    });
    const plan = planDisconnect({ network, endpoint, snapshot });
    await execute(deps, plan.steps);
    forgetEndpoint(deps, endpoint);
    deps.bus.publish({ type: 'endpoint.disconnected', endpoint });
    return { endpoint, warnings: plan.warnings };
  });
}

import {
  assertNoErrors,
  ConnectSchema,
  DisconnectSchema,
  planConnect,
  planDisconnect,
  validateConnect,
  type ConnectInput,
  type Container,
  type Endpoint,
  type Issue,
  type Network,
  type PlanStep,
} from '@underlay/core';
import { deleteEndpoint, saveEndpoint } from '../store';
import { allocateAddresses, releaseAddresses } from './addresses';
import { execute, operate, type ServiceDeps } from './deps';
import { newId, nowIso, tempLinkName } from './ids';
import { finishForgetting, undoUnlessRecorded } from './journal';
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

/** How long an address the kernel refused (EADDRINUSE) is held back from dynamic allocation. */
export const IN_USE_HOLD_MS = 10_000;
/** How long a connect asking for a static address waits for the kernel to let it go. */
export const IN_USE_WAIT_MS = 3_000;
const IN_USE_RETRY_MS = 250;
const MAX_ATTEMPTS = 16;

const inUse = (err: unknown) =>
  (err as { errno?: unknown }).errno === 'EADDRINUSE' || /EADDRINUSE/.test(String(err));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A namespace deleted by its owner (a runtime, `ip netns del`) goes away in
// the kernel's own time (a workqueue; seconds in a lab guest): until then its
// ipvlan link holds its address on the parent, and the kernel refuses that
// address to a new link (EADDRINUSE) although underlay's records have freed
// it. Each attempt is rolled back whole; a dynamic address the kernel refused
// is held back for IN_USE_HOLD_MS and another one is taken at once; a static
// one (asked for) is tried again for up to IN_USE_WAIT_MS.
/** The connect itself, for callers already in the queue (connect, repair, CNI ADD). */
export async function connectNow(
  deps: ServiceDeps,
  request: ConnectInput,
  opts: { ifname?: string } = {},
): Promise<{ endpoint: Endpoint; warnings: Issue[]; steps: PlanStep[] }> {
  const fixed = request.ipv4Address !== undefined || request.ipv6Address !== undefined;
  const waitUntil = Date.now() + IN_USE_WAIT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectOnce(deps, request, opts, !fixed);
    } catch (err) {
      if (!inUse(err) || attempt >= MAX_ATTEMPTS || (fixed && Date.now() >= waitUntil)) throw err;
      deps.log.info(
        { attempt, static: fixed },
        fixed
          ? 'address still held by a vanishing namespace: retrying the connect'
          : 'address still held by a vanishing namespace: taking another one',
      );
      if (fixed) await sleep(IN_USE_RETRY_MS);
    }
  }
}

/** Keeps `addresses` allocated for IN_USE_HOLD_MS, then frees them (unless their network is gone by then). */
function holdBack(deps: ServiceDeps, network: string, addresses: Partial<Endpoint>): void {
  setTimeout(() => {
    try {
      releaseAddresses(deps, network, addresses);
    } catch {
      // The network was removed meanwhile: nothing is held any more.
    }
  }, IN_USE_HOLD_MS).unref();
}

/** Runs the connect plan with the allocated `addresses` and records the endpoint. */
async function plugIn(
  deps: ServiceDeps,
  input: {
    network: Network;
    container: Container;
    snapshot: Awaited<ReturnType<typeof takeSnapshot>>;
    addresses: Awaited<ReturnType<typeof allocateAddresses>>;
    ifname: string | undefined;
  },
): Promise<{ endpoint: Endpoint; warnings: Issue[]; steps: PlanStep[] }> {
  const { network, container, snapshot, addresses } = input;
  const { plan, ifname } = planConnect({
    network,
    container,
    snapshot,
    addresses,
    tempName: tempLinkName(),
    ifname: input.ifname,
  });
  const made = { endpoint: { network: network.id, container: container.name } };
  const stats = await execute(deps, plan.steps, undoUnlessRecorded('networks.connect', made));
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
}

async function connectOnce(
  deps: ServiceDeps,
  request: ConnectInput,
  opts: { ifname?: string },
  holdRefused: boolean,
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
    return await plugIn(deps, { network, container, snapshot, addresses, ifname: opts.ifname });
  } catch (err) {
    if (holdRefused && inUse(err)) holdBack(deps, network.id, addresses);
    else releaseAddresses(deps, network.id, addresses);
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
    const gone = { endpoint: { network: network.id, container: endpoint.container } };
    await execute(deps, plan.steps, finishForgetting('networks.disconnect', gone));
    forgetEndpoint(deps, endpoint);
    deps.bus.publish({ type: 'endpoint.disconnected', endpoint });
    return { endpoint, warnings: plan.warnings };
  });
}

import type { CniResult, Container, Endpoint, Network } from '@underlay/core';
import { listContainers, listEndpoints } from '../store';
import { connectNow } from '../service/connect';
import { operate, type ServiceDeps } from '../service/deps';
import { removeNetworkNow } from '../service/network-remove';
import { driftReport } from '../service/repair';
import { recordsOf } from '../service/snapshot';
import { stepTimer, type Mark } from './timing';
import { expectedRoutes, routeDifferences } from './check-routes';
import {
  ensureCniContainer,
  findAttachment,
  findCniContainer,
  forgetCniContainer,
  removeAttachment,
} from './attachment';
import { CNI_CHECK_FAILED, CNI_CODES, CniError } from './errors';
import { cniContainerName } from './names';
import { assertAgrees, ensureNetwork, existingNetwork, isInline, networkNameOf } from './network';
import type { CniCall } from './request';
import { addResult } from './result';
import { staticAddresses } from './static-ips';

// The CNI commands on the agent's own services, each one job in the host's
// queue (so a CNI call never interleaves with a CLI or dashboard operation):
// ADD is network (made when inline and missing) + container + connect, any
// failure undoing what this call made; DEL and GC are idempotent.

/** ADD: attaches the container's namespace and connects it on CNI_IFNAME. */
export function cniAdd(deps: ServiceDeps, call: CniCall, marks: Mark[] = []): Promise<CniResult> {
  const queued = performance.now();
  return operate(deps, 'cni.add', async () => {
    marks.push(['queue', performance.now() - queued]);
    const step = stepTimer(marks);
    const { network, created } = await ensureNetwork(deps, call.conf);
    step('network');
    let made: Container | undefined;
    try {
      const addresses = staticAddresses(call);
      const attached = await ensureCniContainer(deps, call.containerId, call.netns);
      if (attached.made) made = attached.container;
      step('container');
      const { endpoint, steps } = await connectNow(
        deps,
        { network: network.id, container: attached.container.name, ...addresses },
        { ifname: call.ifname },
      );
      step('connect');
      return addResult({
        version: call.version,
        conf: call.conf,
        endpoint,
        netnsPath: call.netns,
        steps,
      });
    } catch (err) {
      await undoAdd(deps, made, created ? network : undefined);
      throw err;
    }
  });
}

async function undoAdd(deps: ServiceDeps, container?: Container, network?: Network) {
  try {
    if (container) await forgetCniContainer(deps, container);
    if (network) await removeNetworkNow(deps, network.id);
  } catch (err) {
    deps.log.error({ err: (err as Error).message }, 'undoing a failed CNI ADD failed');
  }
}

/** DEL: removes the attachment; success when anything (namespace, endpoint, network) is already gone. */
export function cniDel(deps: ServiceDeps, call: CniCall, marks: Mark[] = []): Promise<void> {
  const queued = performance.now();
  return operate(deps, 'cni.del', async () => {
    marks.push(['queue', performance.now() - queued]);
    const container = findCniContainer(deps, call.containerId);
    if (!container) return;
    const endpoint = findAttachment(deps, container, call.ifname);
    if (endpoint) await removeAttachment(deps, container, endpoint);
    else if (!listEndpoints(deps.db).some((e) => e.container === container.name))
      await forgetCniContainer(deps, container);
  });
}

/** CHECK: the attachment exists, agrees with prevResult, and the kernel matches the records (the drift check). */
export function cniCheck(deps: ServiceDeps, call: CniCall): Promise<void> {
  return operate(deps, 'cni.check', async () => {
    const container = findCniContainer(deps, call.containerId);
    const endpoint = container && findAttachment(deps, container, call.ifname);
    if (!endpoint)
      throw new CniError(
        CNI_CODES.containerUnknown,
        `CNI_CONTAINERID: no attachment of container ${call.containerId} on ${call.ifname}`,
        'ADD it first.',
      );
    const network = existingNetwork(deps, call.conf);
    if (!network || network.id !== endpoint.networkId)
      throw new CniError(
        101,
        `network: container ${call.containerId} is not attached to network ${networkNameOf(call.conf)} on ${call.ifname}`,
        'CHECK with the config it was added with.',
      );
    assertAgrees(call.conf, network);
    checkPrevResult(call, [endpoint.ipv4Address, endpoint.ipv6Address]);
    const drift = (await driftReport(deps, { endpoints: new Set([endpoint.id]) })).filter(
      (d) => d.endpoint === endpoint.id || (!d.endpoint && d.network === network.id),
    );
    if (drift.length)
      throw new CniError(
        CNI_CHECK_FAILED,
        `${call.ifname}: ${drift.map((d) => d.detail).join('; ')}`,
        `The kernel differs from underlay's records (${drift.map((d) => d.kind).join(', ')}): DEL and ADD again, or run underlay network repair.`,
      );
    await checkRoutes(deps, call, network, endpoint);
  });
}

async function checkRoutes(deps: ServiceDeps, call: CniCall, network: Network, endpoint: Endpoint) {
  if (!deps.kernel.containerRoutes) return;
  const seen = await deps.kernel.containerRoutes(endpoint.netns);
  const missing = routeDifferences(expectedRoutes(recordsOf(deps), network, endpoint), seen);
  if (missing.length)
    throw new CniError(
      CNI_CHECK_FAILED,
      `${call.ifname}: ${missing.join('; ')}`,
      "The container's routes differ from what underlay installed: DEL and ADD again.",
    );
}

function checkPrevResult(call: CniCall, addresses: (string | undefined)[]): void {
  const prev = call.conf.prevResult as { ips?: { address?: unknown }[] } | undefined;
  if (!prev?.ips) return;
  const listed = new Set(prev.ips.map((ip) => ip.address));
  for (const address of addresses)
    if (address && !listed.has(address))
      throw new CniError(
        CNI_CHECK_FAILED,
        `prevResult.ips: ${address} of ${call.ifname} is not in the previous result`,
        'Pass the result the ADD returned as prevResult.',
      );
}

/** GC: frees this network's CNI attachments that are not in cni.dev/valid-attachments. */
export function cniGc(deps: ServiceDeps, call: CniCall): Promise<{ removed: number }> {
  return operate(deps, 'cni.gc', async () => {
    const network = existingNetwork(deps, call.conf);
    if (!network) return { removed: 0 };
    const valid = new Set(
      (call.conf['cni.dev/valid-attachments'] ?? []).map(
        (a) => `${cniContainerName(a.containerID)}/${a.ifname}`,
      ),
    );
    const cni = new Map(listContainers(deps.db).flatMap((c) => (c.cni ? [[c.name, c]] : [])));
    const stale = listEndpoints(deps.db).filter(
      (e) =>
        e.networkId === network.id &&
        cni.has(e.container) &&
        !valid.has(`${e.container}/${e.ifname}`),
    );
    for (const endpoint of stale) {
      const container = cni.get(endpoint.container);
      if (container) await removeAttachment(deps, container, endpoint);
    }
    return { removed: stale.length };
  });
}

/** STATUS: ready when the network exists and is not degraded, or can be made from the inline options. */
export function cniStatus(deps: ServiceDeps, call: CniCall): void {
  const network = existingNetwork(deps, call.conf);
  if (!network && !isInline(call.conf))
    throw new CniError(
      CNI_CODES.notAvailable,
      `network: underlay network "${networkNameOf(call.conf)}" does not exist on this host`,
      'Create it, or give its options inline.',
    );
  if (network?.status === 'degraded')
    throw new CniError(
      CNI_CODES.notAvailable,
      `network: underlay network ${network.name} is degraded: its parent ${network.parent} is missing`,
      'Restore the parent link; the agent restores the network when it appears.',
    );
}

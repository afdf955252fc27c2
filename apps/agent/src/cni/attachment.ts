import { existsSync } from 'node:fs';
import { DomainError, planDisconnect, type Container, type Endpoint } from '@underlay/core';
import { deleteContainer, listContainers, listEndpoints, saveContainer } from '../store';
import { forgetEndpoint } from '../service/connect';
import { execute, type ServiceDeps } from '../service/deps';
import { nowIso } from '../service/ids';
import { finishForgetting } from '../service/journal';
import { assertForeignNetns } from '../service/netns-guard';
import { takeSnapshot } from '../service/snapshot';
import { CNI_CODES, CniError } from './errors';
import { cniContainerName, namedNetns } from './names';

// A CNI attachment in underlay's records: the container (named after
// CNI_CONTAINERID, its namespace adopted as `container attach` does) and one
// endpoint per CNI_IFNAME. Made by ADD, undone by DEL and GC; all inside the
// agent's queue.

/** The container record of a CNI container id, if any. */
export function findCniContainer(deps: ServiceDeps, containerId: string): Container | undefined {
  const name = cniContainerName(containerId);
  return listContainers(deps.db).find((c) => c.name === name);
}

/** The endpoint of a container on an interface name, if any. */
export function findAttachment(deps: ServiceDeps, container: Container, ifname: string) {
  return listEndpoints(deps.db).find((e) => e.container === container.name && e.ifname === ifname);
}

/** The attach guard for CNI_NETNS: a file that is no network namespace, or the host's own, is refused (code 4) before anything is made. */
async function assertCniNetns(deps: ServiceDeps, netnsPath: string): Promise<void> {
  try {
    await assertForeignNetns(deps, { field: 'netnsPath', path: netnsPath, given: netnsPath });
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    const text = err.issues[0]?.message ?? err.message;
    throw new CniError(CNI_CODES.invalidEnv, `CNI_NETNS: ${text}`, err.hint ?? '');
  }
}

/** For ADD: the container of CNI_CONTAINERID, adopted now when new (`made`). */
export async function ensureCniContainer(
  deps: ServiceDeps,
  containerId: string,
  netnsPath: string,
): Promise<{ container: Container; made: boolean }> {
  const existing = findCniContainer(deps, containerId);
  if (existing) {
    if (existing.cni?.netnsPath === netnsPath) return { container: existing, made: false };
    throw new CniError(
      102,
      `CNI_NETNS: container ${containerId} is attached with namespace ${existing.cni?.netnsPath ?? existing.netns}, not ${netnsPath}`,
      'DEL its attachments first (or underlay container rm), then ADD again.',
    );
  }
  if (!existsSync(netnsPath))
    throw new CniError(
      CNI_CODES.invalidEnv,
      `CNI_NETNS: ${netnsPath} does not exist`,
      'Give the path of a live network namespace.',
    );
  await assertCniNetns(deps, netnsPath);
  const name = cniContainerName(containerId);
  const named = namedNetns(netnsPath);
  if (named === null) await deps.kernel.netnsAttachPath(name, netnsPath);
  const container: Container = {
    name,
    netns: named ?? name,
    origin: 'attached',
    source: named === null ? { path: netnsPath } : {},
    created: nowIso(),
    cni: { containerId, netnsPath },
  };
  saveContainer(deps.db, container);
  deps.bus.publish({ type: 'container.created', container });
  return { container, made: true };
}

/** Forgets a CNI container: the name given to its namespace (if underlay gave one) and the record. */
export async function forgetCniContainer(deps: ServiceDeps, container: Container): Promise<void> {
  if (
    container.source.path !== undefined &&
    (await deps.kernel.netnsList()).includes(container.netns)
  )
    await deps.kernel.netnsDetach(container.netns);
  deleteContainer(deps.db, container.name);
  deps.bus.publish({ type: 'container.removed', name: container.name });
}

/** Removes one attachment: the link (when its namespace still exists), the addresses, the record; the container goes with its last one. */
export async function removeAttachment(
  deps: ServiceDeps,
  container: Container,
  endpoint: Endpoint,
): Promise<void> {
  const present = (await deps.kernel.netnsList()).includes(container.netns);
  if (present) {
    const snapshot = await takeSnapshot(deps, { containers: [container], addresses: false });
    const network = snapshot.networks.find((n) => n.id === endpoint.networkId);
    const gone = { endpoint: { network: endpoint.networkId, container: container.name } };
    if (network)
      await execute(
        deps,
        planDisconnect({ network, endpoint, snapshot }).steps,
        finishForgetting('cni.del', gone),
      );
    forgetEndpoint(deps, endpoint);
    deps.bus.publish({ type: 'endpoint.disconnected', endpoint });
  } else {
    forgetEndpoint(deps, endpoint);
    deps.bus.publish({
      type: 'endpoint.released',
      endpoint,
      reason: `namespace ${container.netns} is gone (CNI DEL)`,
    });
  }
  if (!listEndpoints(deps.db).some((e) => e.container === container.name))
    await forgetCniContainer(deps, container);
}

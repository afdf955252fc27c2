import type { HostSnapshot, Network, SnapshotLink } from '@underlay/core';
import { z } from 'zod';
import { listContainers, listInstalledRoutes } from '../store';
import type { ServiceDeps } from './deps';
import { dockerSnapshotPart } from './docker-inspect';
import { takeSnapshot } from './snapshot';

// The dashboard draws each host from a HostSnapshot. Assembling it from
// networks.list, containers.list, host.interfaces and one networks.inspect per
// network cost 3 + N round trips per refresh and lost the endpoints' ifname,
// netns and created time; the agent holds all of it, so it answers in one.
//
// Not run in the host's queue: a read for drawing should not wait behind a
// slow create. Records are read before the kernel, so a refresh taken during
// an operation can show a record whose link is not there yet; the event that
// operation publishes triggers the next refresh.

// The stored status changes only at start-up and when a missing parent comes
// back; a plain parent deleted while the agent runs leaves it "ok". The
// snapshot holds the links it was checked against, so it says what is true now.
function withLiveStatus(network: Network, links: readonly SnapshotLink[]): Network {
  if (network.status === 'degraded' || links.some((l) => l.name === network.parent)) return network;
  return { ...network, status: 'degraded' };
}

/**
 * What to read besides links and records. Host addresses cost one exec (50-110 ms in a lab guest, more than
 * the rest of the answer) and an adopted container's links one exec each; a reader that draws neither (the
 * dashboard's topology) turns them off and gets them empty.
 */
export const HostSnapshotRequestSchema = z
  .object({ addresses: z.boolean().default(true), containerLinks: z.boolean().default(true) })
  .strict()
  .default({ addresses: true, containerLinks: true });
export type HostSnapshotRequest = z.input<typeof HostSnapshotRequestSchema>;

/** The host as plan() sees it, with every container's link names and the last drift check (the router validates it on the way out). */
export async function hostSnapshot(
  deps: ServiceDeps,
  request?: HostSnapshotRequest,
): Promise<HostSnapshot> {
  const { addresses, containerLinks } = HostSnapshotRequestSchema.parse(request);
  // Links of namespaces underlay made come from its records; only adopted ones cost an exec each.
  const snapshot = await takeSnapshot(deps, {
    addresses,
    containers: containerLinks ? listContainers(deps.db) : [],
  });
  // Docker's containers are drawn too: their endpoints live in the plugin's records.
  const docker = await dockerSnapshotPart(deps);
  return {
    ...snapshot,
    endpoints: [...snapshot.endpoints, ...docker.endpoints],
    containers: [...snapshot.containers, ...docker.containers],
    networks: snapshot.networks.map((n) => withLiveStatus(n, snapshot.links)),
    // The distributed routes it holds (records, no exec): the topology draws them, the matrix predicts from them.
    installedRoutes: listInstalledRoutes(deps.db),
    drift: deps.drift.items,
  };
}

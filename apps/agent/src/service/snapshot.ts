import { hostname } from 'node:os';
import type { HostSnapshot } from '@underlay/core';
import { listContainers, listEndpoints, listNetworks, listOwnedLinks } from '../store';
import type { ServiceDeps } from './deps';

// plan() and validate() read one snapshot: the host's links and addresses (one
// `ip -d -json link` and one `ip -json addr`, run side by side) plus the
// agent's records. Container link lists cost one exec each, so only the
// containers an operation touches are read.

/** The records part of a snapshot (no kernel reads). */
export function recordsOf(deps: ServiceDeps): Pick<HostSnapshot, 'networks' | 'endpoints' | 'containers' | 'ownedLinks'> {
  return {
    networks: listNetworks(deps.db),
    endpoints: listEndpoints(deps.db),
    containers: listContainers(deps.db),
    ownedLinks: listOwnedLinks(deps.db),
  };
}

/** Reads the host and the records; `containers` names those whose links are listed too. */
export async function takeSnapshot(deps: ServiceDeps, opts: { containers?: { name: string; netns: string }[] } = {}): Promise<HostSnapshot> {
  const [links, addresses, containerLinks] = await Promise.all([
    deps.kernel.hostLinks(),
    deps.kernel.hostAddresses(),
    // A namespace that is gone has no links: disconnect then has nothing to delete.
    Promise.all((opts.containers ?? []).map(async (c) => ({ container: c.name, links: await deps.kernel.containerLinks(c.netns).catch(() => []) }))),
  ]);
  return { hostname: hostname(), links, addresses, containerLinks, ...recordsOf(deps) };
}

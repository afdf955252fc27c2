import { hostname } from 'node:os';
import type { Container, Endpoint, HostSnapshot } from '@underlay/core';
import {
  listContainers,
  listEndpoints,
  listInstalledRoutes,
  listNetworks,
  listOwnedLinks,
  listShims,
} from '../store';
import type { ServiceDeps } from './deps';

// plan() and validate() read one snapshot: the host's links and addresses (one
// `ip -d -json link` and one `ip -json addr`, run side by side) plus the
// agent's records. A container's link list costs one small fork (through
// the kernel's ip session), so only the containers an operation touches are read.

/** The records part of a snapshot (no kernel reads). */
export function recordsOf(
  deps: ServiceDeps,
): Pick<HostSnapshot, 'networks' | 'endpoints' | 'containers' | 'ownedLinks' | 'shims'> {
  return {
    networks: listNetworks(deps.db),
    endpoints: listEndpoints(deps.db),
    containers: listContainers(deps.db),
    ownedLinks: listOwnedLinks(deps.db),
    shims: listShims(deps.db),
  };
}

// A namespace underlay made holds lo and underlay's links only, so its records
// name them without an exec; an adopted one is someone else's and is read.
async function containerLinksOf(
  deps: ServiceDeps,
  container: Container,
  endpoints: Endpoint[],
): Promise<string[]> {
  if (container.origin === 'created')
    return ['lo', ...endpoints.filter((e) => e.container === container.name).map((e) => e.ifname)];
  // A namespace that is gone has no links: disconnect then has nothing to delete.
  return deps.kernel.containerLinks(container.netns).catch(() => []);
}

// The table is read only when underlay has routes of its own there, or is about to set some.
async function routesOf(
  deps: ServiceDeps,
  always = false,
): Promise<Pick<HostSnapshot, 'installedRoutes' | 'routes'>> {
  const installedRoutes = listInstalledRoutes(deps.db);
  if ((!always && installedRoutes.length === 0) || !deps.kernel.hostRoutes)
    return { installedRoutes };
  return { installedRoutes, routes: await deps.kernel.hostRoutes() };
}

/** The installed routes and the host's table, read whether or not underlay has routes yet (routes.set). */
export const readRoutes = (deps: ServiceDeps) => routesOf(deps, true);

// Host addresses matter to network create (default pools, overlaps), not to connect: one read saved per connect.
// When both are wanted and the link cache is empty, one `ip addr` run gives both (it carries the links' details), and
// the links are kept in the cache: a network create or remove then costs one read, not two.
async function hostPart(
  deps: ServiceDeps,
  withAddresses: boolean,
): Promise<[HostSnapshot['links'], HostSnapshot['addresses']]> {
  if (!withAddresses) return [await deps.links.get(), []];
  if (deps.links.peek().filled || deps.addresses?.peek().filled || !deps.kernel.hostState)
    return Promise.all([deps.links.get(), hostAddresses(deps)]);
  const state = deps.kernel.hostState();
  deps.links.adopt(state.then((s) => s.links));
  deps.addresses?.adopt(state.then((s) => s.addresses));
  const { links, addresses } = await state;
  return [links, addresses];
}

/** The host's addresses: from the address cache when it is live and filled, else one kernel read. */
export const hostAddresses = (deps: ServiceDeps) =>
  deps.addresses ? deps.addresses.get() : deps.kernel.hostAddresses();

/**
 * Reads the host and the records; `containers` names those whose links are
 * listed too. A caller that has just read the records passes them: each read
 * is four queries, and in a guest every query's syscalls cost.
 */
export async function takeSnapshot(
  deps: ServiceDeps,
  opts: {
    containers?: Container[];
    addresses?: boolean;
    records?: ReturnType<typeof recordsOf>;
    /** Also the installed distributed routes and the host's routing table (route operations, drift checks). */
    routes?: boolean;
  } = {},
): Promise<HostSnapshot> {
  const records = opts.records ?? recordsOf(deps);
  const routes = opts.routes ? await routesOf(deps) : {};
  const [[links, addresses], containerLinks] = await Promise.all([
    hostPart(deps, opts.addresses !== false),
    Promise.all(
      (opts.containers ?? []).map(async (c) => ({
        container: c.name,
        links: await containerLinksOf(deps, c, records.endpoints),
      })),
    ),
  ]);
  const name = deps.kernel.identity?.().hostname ?? hostname();
  return { hostname: name, links, addresses, containerLinks, ...records, ...routes };
}

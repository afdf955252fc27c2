import type { Container, Endpoint } from '@underlay/core';
import type { ServiceDeps } from './deps';
import { listDockerEndpoints, type DockerEndpoint } from '../store/docker';

// Docker's endpoints where underlay shows containers: `network inspect`'s
// Containers map, keyed by Docker's container id with its name as `docker
// network inspect` shows them, and the host snapshot the dashboard draws.
// dockerd tells a driver endpoint ids and sandbox keys, never container ids,
// so the agent asks dockerd (deps.dockerNames, docker/container-names.ts); an endpoint dockerd
// does not name is shown by its endpoint id as `docker:<first 12>`.

type DockerName = { id: string; name: string };

const unnamedKey = (e: DockerEndpoint): string => `docker:${e.id.slice(0, 12)}`;

function entryOf(e: DockerEndpoint, container: DockerName | undefined) {
  const unnamed = e.sandboxKey
    ? `docker sandbox ${e.sandboxKey.split('/').pop()}`
    : 'docker (not joined)';
  return [
    container?.id ?? unnamedKey(e),
    {
      Name: container?.name ?? unnamed,
      EndpointID: e.id,
      MacAddress: '',
      IPv4Address: e.ipv4Address ?? '',
      IPv6Address: e.ipv6Address ?? '',
    },
  ] as const;
}

/** Containers entries for the Docker endpoints of a network. */
export async function dockerContainersOf(deps: ServiceDeps, networkId: string) {
  const endpoints = listDockerEndpoints(deps.db, networkId);
  const names = (await deps.dockerNames?.(endpoints)) ?? new Map<string, DockerName>();
  return Object.fromEntries(endpoints.map((e) => entryOf(e, names.get(e.id))));
}

/** A Docker endpoint as the snapshot and the events show endpoints (ifname unknown: dockerd names it ethN). */
export function snapshotEndpointOf(e: DockerEndpoint, name?: string): Endpoint {
  return {
    id: e.id,
    networkId: e.networkId,
    container: name ?? unnamedKey(e),
    netns: e.sandboxKey ?? '',
    ifname: '',
    ...(e.ipv4Address ? { ipv4Address: e.ipv4Address } : {}),
    ...(e.ipv6Address ? { ipv6Address: e.ipv6Address } : {}),
    created: e.created,
  };
}

/**
 * Docker's joined endpoints as snapshot endpoints and containers (named as
 * dockerd names them), so the dashboard draws Docker's containers like
 * underlay's own. The name inside the sandbox (ethN) is dockerd's choice and
 * not known here: ifname is empty.
 */
export async function dockerSnapshotPart(
  deps: ServiceDeps,
): Promise<{ endpoints: Endpoint[]; containers: Container[] }> {
  const joined = listDockerEndpoints(deps.db).filter((e) => e.sandboxKey);
  const names = (await deps.dockerNames?.(joined, { all: true })) ?? new Map<string, DockerName>();
  const endpoints = joined.map((e) => snapshotEndpointOf(e, names.get(e.id)?.name));
  const containers = [...new Map(endpoints.map((e) => [e.container, e])).values()].map((e) => ({
    name: e.container,
    netns: e.netns,
    origin: 'attached' as const,
    source: { path: e.netns },
    created: e.created,
  }));
  return { endpoints, containers };
}

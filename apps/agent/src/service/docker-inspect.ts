import type { ServiceDeps } from './deps';
import { listDockerEndpoints } from '../store/docker';

// Docker's endpoints in `underlay network inspect`'s Containers map. dockerd
// tells a driver its endpoint ids and sandbox keys, not container ids, so
// they are keyed by endpoint id (docker network inspect shows the match).

/** Containers entries for the Docker endpoints of a network. */
export function dockerContainersOf(deps: ServiceDeps, networkId: string) {
  return Object.fromEntries(
    listDockerEndpoints(deps.db, networkId).map((e) => [
      `docker:${e.id.slice(0, 12)}`,
      {
        Name: e.sandboxKey
          ? `docker sandbox ${e.sandboxKey.split('/').pop()}`
          : 'docker (not joined)',
        EndpointID: e.id,
        MacAddress: '',
        IPv4Address: e.ipv4Address ?? '',
        IPv6Address: e.ipv6Address ?? '',
      },
    ]),
  );
}

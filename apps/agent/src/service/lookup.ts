import {
  DomainError,
  findNetwork,
  issue,
  type Container,
  type Endpoint,
  type HostSnapshot,
  type Network,
} from '@underlay/core';

// Lookups that end a request with NOT_FOUND naming the field, in one place.

/** The network named by `ref` (name, id or unique id prefix), or NOT_FOUND on `path`. */
export function requireNetwork(
  snapshot: Pick<HostSnapshot, 'networks'>,
  ref: string,
  path: (string | number)[] = ['network'],
): Network {
  const network = findNetwork(snapshot as HostSnapshot, ref);
  if (network) return network;
  throw new DomainError(
    issue(
      'NOT_FOUND',
      path,
      `network "${ref}" does not exist on this host.`,
      'Run underlay network ls to see the networks; give a name, an id or a unique id prefix.',
    ),
  );
}

/** The container named `name`, or NOT_FOUND. */
export function requireContainer(
  snapshot: Pick<HostSnapshot, 'containers'>,
  name: string,
  path: (string | number)[] = ['container'],
): Container {
  const container = snapshot.containers.find((c) => c.name === name);
  if (container) return container;
  throw new DomainError(
    issue(
      'NOT_FOUND',
      path,
      `container "${name}" does not exist on this host.`,
      'Run underlay container ls to see them; create one with container create or adopt one with container attach.',
    ),
  );
}

/** The endpoint of `container` on `network`, or NOT_FOUND. */
export function requireEndpoint(
  snapshot: Pick<HostSnapshot, 'endpoints'>,
  network: Network,
  container: string,
): Endpoint {
  const endpoint = snapshot.endpoints.find(
    (e) => e.networkId === network.id && e.container === container,
  );
  if (endpoint) return endpoint;
  throw new DomainError(
    issue(
      'NOT_FOUND',
      ['container'],
      `container "${container}" is not connected to network "${network.name}".`,
      'Run underlay network inspect to see which containers are connected.',
    ),
  );
}

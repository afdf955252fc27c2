import {
  defaultRouteHolder,
  defaultRoutes,
  type Endpoint,
  type HostSnapshot,
  type Network,
} from '@underlay/core';

// CHECK's route half (the spec: CHECK fails when the link, the address or a
// route differs). The drift code compares links and addresses; the routes an
// endpoint should have are the ones its connect installed: L2 a default via
// the subnet's gateway (none when internal), L3/L3S a default dev, each only
// when this endpoint holds its family's default route in the container.

/** A route as the kernel lists it inside the container. */
export interface SeenRoute {
  family: 4 | 6;
  dst: string;
  via?: string;
  dev?: string;
}

type Records = Pick<HostSnapshot, 'networks' | 'endpoints'>;

const describe = (r: SeenRoute) =>
  `IPv${r.family} route ${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`;

/** The routes `endpoint` should have in its container, by the records. */
export function expectedRoutes(
  records: Records,
  network: Network,
  endpoint: Endpoint,
): SeenRoute[] {
  return defaultRoutes(network, endpoint, endpoint.ifname, endpoint.netns)
    .filter(
      (r) =>
        defaultRouteHolder(records as HostSnapshot, endpoint.container, r.family)?.id ===
        endpoint.id,
    )
    .map((r) => ({ family: r.family, dst: r.dst, ...(r.via ? { via: r.via } : {}), dev: r.dev }));
}

/** One line per expected route that the container lacks, naming it and what holds its destination instead. */
export function routeDifferences(expected: SeenRoute[], seen: SeenRoute[]): string[] {
  return expected.flatMap((want) => {
    const same = seen.filter((r) => r.family === want.family && r.dst === want.dst);
    if (same.some((r) => r.via === want.via && r.dev === want.dev)) return [];
    const instead = same.map(describe).join(', ');
    return [`${describe(want)} is missing${instead ? ` (found ${instead})` : ''}`];
  });
}

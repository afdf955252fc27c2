import {
  DOCKER_LABELS,
  DomainError,
  formatCidr,
  issue,
  parseCidr,
  SHARE_LABEL,
  type DockerCreateNetwork,
  type DockerIpamData,
  type NetworkCreateInput,
} from '@underlay/core';
import type { DockerPool } from '../store/docker';

// dockerd's CreateNetwork → underlay's own `network create` request, so a
// Docker network goes through the same validation, plan and records as one
// made with the CLI. dockerd does not send the network's name: the underlay
// network is named docker-<first 12 characters of Docker's id> and keeps
// Docker's id as its own, so `underlay network inspect <docker id>` finds it.

/** The name an underlay network made by dockerd gets. */
export const dockerNetworkName = (networkId: string): string => `docker-${networkId.slice(0, 12)}`;

/** The label that marks a network made through the Docker plugin. */
export const DOCKER_ORIGIN_LABEL = 'underlay.runtime';

const plain = (text: string | undefined): string | undefined => text?.split('/')[0];

/** The `-o` options dockerd forwards, which must be a map of strings. */
function driverOptions(request: DockerCreateNetwork): Record<string, string> {
  const generic = request.Options?.[DOCKER_LABELS.generic] ?? {};
  const ok =
    typeof generic === 'object' &&
    generic !== null &&
    Object.values(generic).every((v) => typeof v === 'string');
  if (ok) return generic as Record<string, string>;
  throw new DomainError(
    issue(
      'INVALID_INPUT',
      ['Options', DOCKER_LABELS.generic],
      'driver options are not a map of strings.',
      'Pass them as -o key=value.',
    ),
  );
}

/**
 * Docker does not pass `--label` to a driver, so an L3 network opts into
 * route distribution with `-o underlay.routes=share`: taken out of the
 * driver options and kept as underlay's label of the same name.
 */
function shareLabel(generic: Record<string, string>): Record<string, string> {
  const value = generic[SHARE_LABEL];
  if (value === undefined || value === 'share') return value ? { [SHARE_LABEL]: value } : {};
  throw new DomainError(
    issue(
      'INVALID_INPUT',
      ['options', SHARE_LABEL],
      `"${value}" is not a value of ${SHARE_LABEL}.`,
      `Give -o ${SHARE_LABEL}=share (shares an L3/L3S network's subnets with the fleet) or leave it out.`,
    ),
  );
}

/** The SubPool (--ip-range) the IPAM driver was asked for with this pool, when the pool is ours. */
function ipRangeOf(data: DockerIpamData, pools: DockerPool[]): string | undefined {
  const cidr = parseCidr(data.Pool);
  const text = cidr ? formatCidr(cidr) : data.Pool;
  return pools.find((p) => p.pool === text && p.networkId === null && p.subPool)?.subPool;
}

/** Builds the `network create` request for a Docker network. */
export function toNetworkCreate(
  request: DockerCreateNetwork,
  pools: DockerPool[],
): NetworkCreateInput {
  const opts = request.Options ?? {};
  const data = [...(request.IPv4Data ?? []), ...(request.IPv6Data ?? [])];
  // An internal L2 network keeps Docker's gateway reserved and routes nothing:
  // core's validation does that for every internal L2 network (reservedGateway).
  const { [SHARE_LABEL]: _share, ...generic } = driverOptions(request);
  const share = shareLabel(driverOptions(request));
  const internal = opts[DOCKER_LABELS.internal] === true;
  return {
    name: dockerNetworkName(request.NetworkID),
    driver: 'ipvlan',
    options: generic,
    internal,
    ipv4: opts[DOCKER_LABELS.enableIpv4] !== false,
    ipv6: opts[DOCKER_LABELS.enableIpv6] === true,
    ipam: data.map((d) => {
      const ipRange = ipRangeOf(d, pools);
      const aux = Object.entries(d.AuxAddresses ?? {}).map(([k, v]) => [k, plain(v) ?? v]);
      return {
        subnet: d.Pool,
        ...(d.Gateway ? { gateway: plain(d.Gateway) } : {}),
        ...(ipRange ? { ipRange } : {}),
        ...(aux.length ? { auxAddresses: Object.fromEntries(aux) } : {}),
      };
    }),
    labels: { [DOCKER_ORIGIN_LABEL]: 'docker', ...share },
  };
}

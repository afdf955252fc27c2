import type { Family } from '../ip/address';
import { cidrLast, parseCidr, type Cidr } from '../ip/cidr';
import { defaultRouteHolder } from '../plan/routes';
import type { Endpoint } from '../schemas/endpoint';
import type { Network } from '../schemas/network';
import { attachmentOf, type Attachment } from '../topology/attachment';
import { topoId } from '../topology/ids';
import type { HostView } from '../topology/types';
import type { EndpointRef } from './types';

/** One end of a pair, with everything the rules look at worked out once (a matrix reuses it for every pair). */
export interface Side {
  host: HostView;
  endpoint: Endpoint;
  network: Network;
  at: Attachment;
  /** The L2 segment (a VLAN or untagged traffic on a trunk), named as the topology names it; none for a dummy parent. */
  segment: string | undefined;
  /** The endpoint's address of the asked family, prefix included (its connected route). */
  address: Cidr | undefined;
  /** Last address of that prefix, worked out once: a matrix compares every pair's prefixes. */
  last: bigint;
  /** The endpoint holds its container's default route of that family. */
  defaultRoute: boolean;
}

/** A side, or why the rules cannot speak about it. */
export type Resolved = { ok: true; side: Side } | { ok: false; why: string };

/** Short human name of a side for explanations: `web1 (vlan10 on host-a)`. */
export const nameOf = (s: Side): string =>
  `${s.endpoint.container} (${s.network.name} on ${s.host.name})`;

/** True when `target`'s address is inside `from`'s connected prefix, i.e. reached without a router. */
export const onLink = (from: Side, target: Side): boolean =>
  from.address !== undefined &&
  target.address !== undefined &&
  target.address.written >= from.address.network &&
  target.address.written <= from.last;

// plan's defaultRoutes throws on an address outside every subnet (a record
// the agent would have refused): such an endpoint simply has no default route.
function holdsDefaultRoute(host: HostView, endpoint: Endpoint, family: Family): boolean {
  try {
    return defaultRouteHolder(host.snapshot, endpoint.container, family)?.id === endpoint.id;
  } catch {
    return false;
  }
}

function addressOf(endpoint: Endpoint, family: Family): Cidr | undefined {
  const text = family === 4 ? endpoint.ipv4Address : endpoint.ipv6Address;
  const cidr = text ? parseCidr(text) : null;
  return cidr?.family === family ? cidr : undefined;
}

/** Finds an endpoint in the fleet and works out its side, or says why nothing can be predicted for it. */
export function resolveSide(
  ref: EndpointRef,
  hosts: ReadonlyMap<string, HostView>,
  family: Family,
): Resolved {
  const host = hosts.get(ref.hostId);
  if (!host) return { ok: false, why: `host ${ref.hostId} is not in the fleet` };
  const endpoint = host.snapshot.endpoints.find((e) => e.id === ref.endpointId);
  if (!endpoint) return { ok: false, why: `endpoint ${ref.endpointId} is not on ${host.name}` };
  const network = host.snapshot.networks.find((n) => n.id === endpoint.networkId);
  if (!network)
    return {
      ok: false,
      why: `${host.name} has no record of network ${endpoint.networkId} for ${endpoint.container}`,
    };
  if (!host.online)
    return { ok: false, why: `${host.name} is offline: its last snapshot may be stale` };
  const at = attachmentOf(network, host);
  if (network.status === 'degraded' || at.missing) {
    return {
      ok: false,
      why: `network ${network.name} on ${host.name} is degraded: parent ${network.parent} is missing, so its links are gone until it returns`,
    };
  }
  return { ok: true, side: sideOf(host, endpoint, network, at, family) };
}

// The facts the rules compare, worked out once per endpoint.
function sideOf(
  host: HostView,
  endpoint: Endpoint,
  network: Network,
  at: Attachment,
  family: Family,
): Side {
  const segment = at.kind === 'dummy' ? undefined : topoId.segment(at.trunk, at.vid ?? 'native');
  const address = addressOf(endpoint, family);
  const last = address ? cidrLast(address) : -1n;
  const defaultRoute = holdsDefaultRoute(host, endpoint, family);
  return { host, endpoint, network, at, segment, address, last, defaultRoute };
}

/** The side's wire in words: `VLAN 10 on eth0`, `eth1 untagged`, `dummy dm-1a2b`. */
export const wireOf = (s: Side): string =>
  s.at.kind === 'dummy'
    ? `dummy ${s.at.lower}`
    : s.at.vid !== undefined
      ? `VLAN ${s.at.vid} on ${s.at.trunk}`
      : `${s.at.trunk} untagged`;

import type { Network, NetworkInspect } from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store/hub';
import { prefixUsage, type PrefixUsage } from '~/lib/prefix-usage';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import { relayAgentError } from '../api/agent-error';
import { detailSegments, type DetailSegment } from './detail-segments';
import { findSpan, type SpanMember } from './span-peers';
import { networkEvents, type NetworkEvent } from './network-events';

// The network page's data: a network as a fleet object. Every host that holds
// a network of this name, what each holds of its address space (fleet-IPAM
// blocks, else its --ip-range, else the whole subnet), its endpoints, usage of
// the whole prefix across all of them, and each fleet-IPAM segment once with
// every host's blocks under it (read through fleet-blocks, as `networks.blocks`).

/** One endpoint on one host. */
export interface DetailEndpoint {
  container: string;
  ipv4Address: string;
  ipv6Address: string;
  macAddress: string;
}

/** What one host holds of one subnet. */
export interface HostAllocation {
  subnet: string;
  /** `blocks`: fleet-IPAM leases; `range`: its --ip-range; `subnet`: the whole subnet. */
  kind: 'blocks' | 'range' | 'subnet';
  /** The fleet-IPAM segment its agent leases from (the blocks are listed under it in `segments`); null off fleet IPAM. */
  segment: string | null;
  /** How many blocks it holds there. */
  blockCount: number;
  ipRange: string | null;
}

export interface DetailHost {
  hostId: string;
  host: string;
  network: Network;
  allocations: HostAllocation[];
  endpoints: DetailEndpoint[];
  /** The agent's inspect failed: why (the host row stays, its details are unknown). */
  error: string | null;
  inspect: NetworkInspect | null;
}

export interface NetworkDetail {
  name: string;
  hosts: DetailHost[];
  /** Each fleet-IPAM segment once, with every host's blocks under it. */
  segments: DetailSegment[];
  usage: PrefixUsage[];
  unreachable: string[];
  events: NetworkEvent[];
}

/** One host's allocation of each subnet: blocks when it holds any on its fleet-IPAM segment, else its range or the whole subnet. */
function allocationsOf(
  member: SpanMember,
  inspect: NetworkInspect | null,
  segments: readonly DetailSegment[],
): HostAllocation[] {
  return member.network.subnets.map((s) => {
    const segment = inspect?.FleetIpam?.find((f) => f.subnet === s.subnet)?.segment ?? null;
    const held = segments
      .find((x) => x.segment === segment)
      ?.hosts.find((h) => h.host === member.host);
    const blockCount = held?.blocks.length ?? 0;
    const ipRange = s.ipRange ?? null;
    const kind = blockCount ? 'blocks' : ipRange ? 'range' : 'subnet';
    return { subnet: s.subnet, kind, segment, blockCount, ipRange };
  });
}

/** The endpoints of an inspect, sorted by container. */
function endpointsOf(inspect: NetworkInspect | null): DetailEndpoint[] {
  return Object.values(inspect?.Containers ?? {})
    .map((c) => ({
      container: c.Name,
      ipv4Address: c.IPv4Address,
      ipv6Address: c.IPv6Address,
      macAddress: c.MacAddress,
    }))
    .sort((a, b) => a.container.localeCompare(b.container));
}

/** One member's copy with its agent's inspect, or why the inspect failed. */
export interface InspectedCopy {
  member: SpanMember;
  inspect: NetworkInspect | null;
  error: string | null;
}

/** Asks the member's agent for its inspect; a failure is kept on the copy, not thrown. */
async function inspectCopy(hub: Hub, member: SpanMember): Promise<InspectedCopy> {
  try {
    const inspect = await hub.query(member.hostId, 'networks.inspect', {
      network: member.network.id,
    });
    return { member, inspect, error: null };
  } catch (e) {
    return { member, inspect: null, error: relayAgentError(e, member.host).message };
  }
}

/** One member host's part of the page. */
function detailHost(copy: InspectedCopy, segments: readonly DetailSegment[]): DetailHost {
  const { member, inspect, error } = copy;
  return {
    hostId: member.hostId,
    host: member.host,
    network: member.network,
    allocations: allocationsOf(member, inspect, segments),
    endpoints: endpointsOf(inspect),
    error,
    inspect,
  };
}

/** The hosts' cards and the segments' blocks, from the inspected copies and the hub's store. */
export async function hostsAndSegments(
  store: FleetStore,
  copies: readonly InspectedCopy[],
): Promise<{ hosts: DetailHost[]; segments: DetailSegment[] }> {
  const segments = await detailSegments(
    store,
    copies.map((c) => ({ host: c.member.host, inspect: c.inspect })),
  );
  const hosts = copies.map((c) => detailHost(c, segments));
  hosts.sort((a, b) => a.host.localeCompare(b.host));
  return { hosts, segments };
}

/** Usage of each subnet's whole prefix, summed over every host's endpoints. */
function wholePrefixUsage(hosts: DetailHost[]): PrefixUsage[] {
  const subnets = [...new Set(hosts.flatMap((h) => h.network.subnets.map((s) => s.subnet)))];
  const addresses = hosts.flatMap((h) =>
    h.endpoints.flatMap((e) =>
      [e.ipv4Address, e.ipv6Address].filter(Boolean).map((address) => ({ host: h.host, address })),
    ),
  );
  return subnets.flatMap((s) => prefixUsage(s, addresses) ?? []);
}

/** The network page for `name`, or null when no reachable host holds it. */
export async function networkDetail(
  deps: { db: Db; hub: Hub; store: FleetStore },
  name: string,
): Promise<NetworkDetail | null> {
  const { members, unreachable } = await findSpan(deps.db, deps.hub, name);
  if (members.length === 0 && unreachable.length === 0) return null;
  const copies = await Promise.all(members.map((m) => inspectCopy(deps.hub, m)));
  const { hosts, segments } = await hostsAndSegments(deps.store, copies);
  return {
    name,
    hosts,
    segments,
    usage: wholePrefixUsage(hosts),
    unreachable,
    events: networkEvents(deps.hub, hosts),
  };
}

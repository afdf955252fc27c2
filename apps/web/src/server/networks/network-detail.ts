import {
  blockOfKey,
  blocksPrefix,
  parseBlockRecord,
  type FleetSegment,
  type Network,
  type NetworkInspect,
} from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store/hub';
import { prefixUsage, type PrefixUsage } from '~/lib/prefix-usage';
import type { Db } from '../db';
import type { Hub } from '../fleet/hub';
import { relayAgentError } from '../api/agent-error';
import { findSpan, type SpanMember } from './span-peers';
import { networkEvents, type NetworkEvent } from './network-events';

// The network page's data: a network as a fleet object. Every host that holds
// a network of this name, what each holds of its address space (fleet-IPAM
// blocks from the hub's store, else its --ip-range, else the whole subnet),
// its endpoints, and usage of the whole prefix across all of them.

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
  segment: string | null;
  blocks: { block: string; used: number | null; status: string }[];
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
  usage: PrefixUsage[];
  unreachable: string[];
  events: NetworkEvent[];
}

/** Every block of a segment in the hub's store, with its holder's name. */
async function storeBlocks(store: FleetStore, segment: string): Promise<Map<string, string>> {
  const snapshot = await store.list(blocksPrefix(segment));
  const holders = new Map<string, string>();
  for (const kv of snapshot.kvs) {
    const block = blockOfKey(segment, kv.key);
    if (block) holders.set(block, parseBlockRecord(kv.value).host);
  }
  return holders;
}

/** The blocks `host` holds of one segment: the hub store's leases held under its name or reported by its agent. */
export async function blocksOf(
  store: FleetStore,
  host: string,
  segment: FleetSegment,
): Promise<HostAllocation['blocks']> {
  const holders = await storeBlocks(store, segment.segment).catch(() => new Map<string, string>());
  const reported = new Map(segment.blocks.map((b) => [b.block, b]));
  const mine = [...holders.entries()].filter(([b, holder]) => holder === host || reported.has(b));
  const names = new Set([...mine.map(([b]) => b), ...(holders.size ? [] : reported.keys())]);
  return [...names]
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((block) => ({
      block,
      used: reported.get(block)?.used ?? null,
      status: reported.get(block)?.status ?? 'held',
    }));
}

/** One host's allocation of each subnet: blocks when it is on a fleet-IPAM segment, else its range or the whole subnet. */
async function allocationsOf(
  store: FleetStore,
  member: SpanMember,
  inspect: NetworkInspect | null,
): Promise<HostAllocation[]> {
  return Promise.all(
    member.network.subnets.map(async (s) => {
      const segment = inspect?.FleetIpam?.find((f) => f.subnet === s.subnet) ?? null;
      const blocks = segment ? await blocksOf(store, member.host, segment) : [];
      const ipRange = s.ipRange ?? null;
      const kind = blocks.length ? 'blocks' : ipRange ? 'range' : 'subnet';
      return { subnet: s.subnet, kind, segment: segment?.segment ?? null, blocks, ipRange };
    }),
  );
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

/** One member host's part of the page; an inspect that fails is reported on the host, not thrown. */
async function detailHost(hub: Hub, store: FleetStore, member: SpanMember): Promise<DetailHost> {
  let inspect: NetworkInspect | null = null;
  let error: string | null = null;
  try {
    inspect = await hub.query(member.hostId, 'networks.inspect', { network: member.network.id });
  } catch (e) {
    error = relayAgentError(e, member.host).message;
  }
  return {
    hostId: member.hostId,
    host: member.host,
    network: member.network,
    allocations: await allocationsOf(store, member, inspect),
    endpoints: endpointsOf(inspect),
    error,
    inspect,
  };
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
  const hosts = await Promise.all(members.map((m) => detailHost(deps.hub, deps.store, m)));
  hosts.sort((a, b) => a.host.localeCompare(b.host));
  return {
    name,
    hosts,
    usage: wholePrefixUsage(hosts),
    unreachable,
    events: networkEvents(deps.hub, hosts),
  };
}

import {
  blockOfKey,
  fleetSubnets,
  metaKey,
  type Network,
  parseBlockRecord,
  parseCidr,
  parseSegmentMeta,
  segmentPrefix,
} from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store/hub';

// Which address blocks each host holds, read from the hub's own fleet store
// (the leases the agents claim through /api/fleet-store/v1): what the network
// page shows per host, and what the e2e suite checks addresses against.

/** One host's blocks on a segment (CIDR texts, lowest first). */
export interface HostBlocks {
  host: string;
  blocks: string[];
}

/** A segment's blocks, grouped by the host that holds them. */
export interface SegmentBlocks {
  segment: string;
  subnet: string;
  /** The segment's block size, from its record; null before any host opened it. */
  blockPrefix: number | null;
  hosts: HostBlocks[];
}

/** Blocks held per host on one segment (by id), read at one revision of the store. */
export async function segmentBlocks(
  store: FleetStore,
  segment: { id: string; subnet: string },
): Promise<SegmentBlocks> {
  const snapshot = await store.list(segmentPrefix(segment.id));
  let blockPrefix: number | null = null;
  const byHost = new Map<string, string[]>();
  for (const kv of snapshot.kvs) {
    if (kv.key === metaKey(segment.id)) {
      blockPrefix = parseSegmentMeta(kv.value)?.blockPrefix ?? null;
      continue;
    }
    const block = blockOfKey(segment.id, kv.key);
    if (block === null) continue;
    const { host } = parseBlockRecord(kv.value);
    byHost.set(host, [...(byHost.get(host) ?? []), block]);
  }
  const hosts = [...byHost]
    .map(([host, blocks]) => ({ host, blocks: blocks.sort(byAddress) }))
    .sort((a, b) => a.host.localeCompare(b.host));
  return { segment: segment.id, subnet: segment.subnet, blockPrefix, hosts };
}

/** Blocks held per host on every fleet-wide segment of the given copies of one network (one entry per segment). */
export async function networkBlocks(
  store: FleetStore,
  networks: readonly Network[],
): Promise<SegmentBlocks[]> {
  const segments = new Map<string, string>();
  for (const network of networks)
    for (const { segment } of fleetSubnets(network)) segments.set(segment.id, segment.subnet);
  return Promise.all([...segments].map(([id, subnet]) => segmentBlocks(store, { id, subnet })));
}

function byAddress(a: string, b: string): number {
  const [x, y] = [parseCidr(a)?.network ?? 0n, parseCidr(b)?.network ?? 0n];
  return x < y ? -1 : x > y ? 1 : 0;
}

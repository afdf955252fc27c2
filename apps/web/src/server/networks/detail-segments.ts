import type { FleetSegment, NetworkInspect } from '@underlay/core';
import type { FleetStore } from '@underlay/fleet-store/hub';
import { segmentBlocks, type SegmentBlocks } from '../fleet/fleet-blocks';

// The network page's address blocks, one entry per fleet-IPAM segment with
// every host's blocks under it. Which blocks a host holds is read once, through
// fleet-blocks (the hub store's leases, as the `networks.blocks` query reads
// them); the agents' inspects add how many addresses each block has in use and
// whether the agent still counts it as held.

/** One block as the page shows it. */
export interface DetailBlock {
  block: string;
  /** Addresses in use in it, as its host's agent reports; null when the agent does not report the block. */
  used: number | null;
  status: string;
}

/** A fleet-IPAM segment of the network, listed once, with each host's blocks under it. */
export interface DetailSegment {
  segment: string;
  subnet: string;
  blockPrefix: number | null;
  hosts: { host: string; blocks: DetailBlock[] }[];
}

/** A host's copy as far as blocks go: its name and its agent's inspect (null when it failed). */
export interface SegmentCopy {
  host: string;
  inspect: NetworkInspect | null;
}

type Reports = Map<string, FleetSegment>;

const byText = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

/** Each segment the copies' agents report (by id), with what each host's agent says of it. */
function reportsBySegment(copies: readonly SegmentCopy[]): Map<string, Reports> {
  const segments = new Map<string, Reports>();
  for (const copy of copies)
    for (const report of copy.inspect?.FleetIpam ?? []) {
      const reports = segments.get(report.segment) ?? new Map<string, FleetSegment>();
      reports.set(copy.host, report);
      segments.set(report.segment, reports);
    }
  return segments;
}

/** Block → names of the hosts listing it: the store's holder, plus an agent that still reports a block the store gives to another (a lost block). */
function holdersOf(stored: SegmentBlocks | null, reports: Reports): Map<string, Set<string>> {
  const holders = new Map<string, Set<string>>();
  for (const { host, blocks } of stored?.hosts ?? [])
    for (const block of blocks) holders.set(block, new Set([host]));
  // A segment the store holds nothing of (agents on etcd): the agents' reports are all there is.
  const fromReports = holders.size === 0;
  for (const [host, report] of reports)
    for (const { block } of report.blocks)
      if (fromReports || holders.has(block))
        holders.set(block, (holders.get(block) ?? new Set()).add(host));
  return holders;
}

/** Merges the store's leases with the agents' reports of one segment. */
function mergeSegment(id: string, stored: SegmentBlocks | null, reports: Reports): DetailSegment {
  const first = [...reports.values()][0];
  const byHost = new Map<string, DetailBlock[]>();
  for (const [block, hosts] of holdersOf(stored, reports))
    for (const host of hosts) {
      const reported = reports.get(host)?.blocks.find((b) => b.block === block);
      const entry = { block, used: reported?.used ?? null, status: reported?.status ?? 'held' };
      byHost.set(host, [...(byHost.get(host) ?? []), entry]);
    }
  const hosts = [...byHost]
    .map(([host, blocks]) => ({ host, blocks: blocks.sort((a, b) => byText(a.block, b.block)) }))
    .sort((a, b) => byText(a.host, b.host));
  return {
    segment: id,
    subnet: stored?.subnet ?? first?.subnet ?? '',
    blockPrefix: stored?.blockPrefix ?? first?.blockPrefix ?? null,
    hosts,
  };
}

/** The network's segments, each listed once with every host's blocks; a store that fails to answer leaves the agents' reports. */
export async function detailSegments(
  store: FleetStore,
  copies: readonly SegmentCopy[],
): Promise<DetailSegment[]> {
  const segments = [...reportsBySegment(copies)].sort(([a], [b]) => byText(a, b));
  return Promise.all(
    segments.map(async ([id, reports]) => {
      const subnet = [...reports.values()][0]?.subnet ?? '';
      const stored = await segmentBlocks(store, { id, subnet }).catch(() => null);
      return mergeSegment(id, stored, reports);
    }),
  );
}

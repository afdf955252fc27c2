import { DomainError, type FleetSegment } from '@underlay/core';
import type { SegmentClient } from '@underlay/fleet-store';
import { type FleetSubnet, inSubnet } from './subnets';

/** An address this host already uses, and who uses it (for conflict reports). */
export interface LocalAddress {
  address: string;
  owner: string;
  network: string;
}

/** One segment this host is on: its client, and whether this host's existing addresses are claimed yet. */
export interface SegmentEntry {
  subnet: FleetSubnet;
  client: SegmentClient;
  /** Set once open() and adoption went through; the allocator waits for it. */
  opened: boolean;
  opening: Promise<void> | null;
  conflicts: string[];
  /** Block texts held at the last look (for claimed/released events). */
  held: Set<string>;
  claims: number;
  casRetries: number;
}

/** What adoption found that cannot be kept silently. */
export interface Conflict {
  network: string;
  message: string;
}

// Adoption (issue 15, migration): every address this host already uses on the
// segment is claimed like a static one, so no other host is handed it. One
// that cannot be claimed (another host holds its block, or it is reserved
// fleet-wide) is a conflict that was already there: it is reported, and the
// endpoint keeps its address (taking it away would break a running
// container); a store that does not answer aborts, to be retried.
/** Claims this host's existing addresses on a segment; returns the conflicts. */
export async function adoptLocal(entry: SegmentEntry, local: LocalAddress[]): Promise<Conflict[]> {
  const conflicts: Conflict[] = [];
  for (const { address, owner, network } of local) {
    const value = inSubnet(entry.subnet.subnet, address);
    if (value === null) continue;
    try {
      await entry.client.take(value);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (error.issues[0]?.code === 'FLEET_STORE_UNREACHABLE') throw error;
      const message = `${owner} has ${address.split('/')[0]}: ${error.message}`;
      conflicts.push({ network, message });
    }
  }
  return conflicts;
}

/** The segment as status and inspect show it. */
export function describeEntry(entry: SegmentEntry): FleetSegment {
  const blocks = entry.opened ? entry.client.blocks : [];
  return {
    segment: entry.subnet.segment.id,
    subnet: entry.subnet.subnet,
    blockPrefix: blocks[0] ? Number(blocks[0].text.split('/')[1]) : null,
    blocks: blocks.map((block) => ({
      block: block.text,
      status: block.status,
      used: block.used.size,
    })),
    conflicts: [...entry.conflicts, ...entry.client.stats.lost.map((b) => `block ${b} lost`)],
    adopted: entry.opened,
  };
}

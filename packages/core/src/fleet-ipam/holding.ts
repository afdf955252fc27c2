import { type BlockGeometry, blockAt, blockIndexOf, blockText, reservedOffsets } from './blocks';
import { blockKey } from './keys';

// What one host holds on one segment, kept in the agent's memory. Allocation
// inside a held block never touches the store: that is the point of blocks.
// Two things stop it: the block is no longer `held` (it expired from under the
// host, or another host holds it), or the host's own lease deadline passed
// (fencing: the store may have expired the lease, so nothing it held can be
// trusted until it is claimed again).

/** `held`: usable; `fenced`: the lease expired, claim it again first; `lost`: another host holds it now. */
export type BlockStatus = 'held' | 'fenced' | 'lost';

/** A block this host holds (or held). */
export interface HeldBlock {
  index: bigint;
  text: string;
  key: string;
  /** modRevision of our record in the store. */
  revision: number;
  status: BlockStatus;
  /** Offsets given to endpoints. */
  used: Set<number>;
  /** Offsets that never go to endpoints (network, broadcast, gateway, aux, other hosts' statics). */
  reserved: Set<number>;
  /** When the block last became empty (for the grace period), or null while it has endpoints. */
  emptySince: number | null;
}

/** One host's blocks on one segment. */
export interface Holding {
  host: string;
  segment: string;
  geometry: BlockGeometry;
  /** The segment's reserved addresses, as last read from its record. */
  reserved: bigint[];
  /** Local deadline of the host's lease (ms): renewal sent + TTL. Nothing is allocated at or past it. */
  deadline: number;
  blocks: HeldBlock[];
}

/** A fresh holding, with no blocks and an already-passed deadline (the first claim sets it). */
export const createHolding = (host: string, segment: string, geometry: BlockGeometry): Holding => ({
  host,
  segment,
  geometry,
  reserved: [],
  deadline: 0,
  blocks: [],
});

/** True when the host may hand out addresses in this block now. */
export const usable = (holding: Holding, block: HeldBlock, now: number): boolean =>
  block.status === 'held' && now < holding.deadline;

/** Adds a block after a successful claim, with the segment's reservations marked. */
export function addBlock(
  holding: Holding,
  { index, revision, now }: { index: bigint; revision: number; now: number },
): HeldBlock {
  const text = blockText(holding.geometry, index);
  const existing = holding.blocks.find((block) => block.index === index);
  if (existing) {
    existing.status = 'held';
    existing.revision = revision;
    return existing;
  }
  const block: HeldBlock = {
    index,
    text,
    key: blockKey(holding.segment, text),
    revision,
    status: 'held',
    used: new Set(),
    reserved: reservedOffsets(holding.geometry, index, holding.reserved),
    emptySince: now,
  };
  holding.blocks.push(block);
  holding.blocks.sort((a, b) => (a.index < b.index ? -1 : 1));
  return block;
}

/** The lowest free address in the usable blocks, marked used; null when a new block is needed. */
export function allocateInHeld(holding: Holding, now: number): bigint | null {
  for (const block of holding.blocks) {
    if (!usable(holding, block, now)) continue;
    const size = holding.geometry.size;
    if (block.used.size + block.reserved.size >= size) continue;
    for (let offset = 0; offset < size; offset++) {
      if (block.used.has(offset) || block.reserved.has(offset)) continue;
      block.used.add(offset);
      block.emptySince = null;
      return blockAt(holding.geometry, block.index).network + BigInt(offset);
    }
  }
  return null;
}

/** Where an address stands for this host: which block, and whether it can be taken here. */
export type StaticPlace =
  | { kind: 'free'; block: HeldBlock; offset: number }
  | { kind: 'in-use' | 'reserved' | 'fenced'; block: HeldBlock }
  | { kind: 'not-held'; index: bigint }
  | { kind: 'outside' };

/** Finds a static address among the held blocks (nothing is changed). */
export function placeStatic(holding: Holding, value: bigint, now: number): StaticPlace {
  const index = blockIndexOf(holding.geometry, value);
  if (index === null) return { kind: 'outside' };
  const block = holding.blocks.find((candidate) => candidate.index === index);
  if (!block || block.status === 'lost') return { kind: 'not-held', index };
  if (!usable(holding, block, now)) return { kind: 'fenced', block };
  const offset = Number(value - blockAt(holding.geometry, index).network);
  if (block.reserved.has(offset)) return { kind: 'reserved', block };
  if (block.used.has(offset)) return { kind: 'in-use', block };
  return { kind: 'free', block, offset };
}

/** Marks an address of a held block used (a static address, or an endpoint adopted at start). */
export function markUsed(block: HeldBlock, offset: number): void {
  block.used.add(offset);
  block.emptySince = null;
}

/** Gives an address back; false when this host did not hand it out. Works while cut off from the store. */
export function releaseInHeld(holding: Holding, value: bigint, now: number): boolean {
  const index = blockIndexOf(holding.geometry, value);
  const block =
    index === null ? undefined : holding.blocks.find((candidate) => candidate.index === index);
  if (!block || index === null) return false;
  const offset = Number(value - blockAt(holding.geometry, index).network);
  if (!block.used.delete(offset)) return false;
  if (block.used.size === 0) block.emptySince = now;
  return true;
}

// A block that stayed empty through the grace period goes back to the
// segment; the grace keeps a host that connects and disconnects in a loop from
// paying a claim round trip every time. A fenced block (a release whose answer
// never came, a lease that expired) may still be recorded under this host, so
// it is given back too: the release's compare only deletes our own record.
/** Held or fenced blocks empty for at least `graceMs`, to release. */
export const emptyBlocks = (holding: Holding, now: number, graceMs: number): HeldBlock[] =>
  holding.blocks.filter(
    (block) =>
      block.status !== 'lost' && block.emptySince !== null && now - block.emptySince >= graceMs,
  );

/** Forgets a block after its release went through. */
export function dropBlock(holding: Holding, block: HeldBlock): void {
  holding.blocks = holding.blocks.filter((candidate) => candidate !== block);
}

import { dropBlock, type HeldBlock, type Holding } from './holding';
import { blockKey, metaKey } from './keys';
import type { Txn } from './store-types';
import { reservedValues, type SegmentView } from './view';

/** What a host learned about its blocks from a fresh read. */
export interface Reconciled {
  /** Blocks whose record is gone (the lease expired): claim them again before allocating there. */
  fenced: HeldBlock[];
  /** Blocks another host holds now, with addresses this host gave out in them: never allocate there again; raise an alert. */
  lost: { block: HeldBlock; host: string }[];
}

// The whereabouts lesson: nothing is taken from a host because it went quiet.
// Only the store's lease TTL frees a block, and a host that comes back after
// that must prove again that a block is its own before using it.
// A block another host holds now, with no address of this host's in it, is
// simply forgotten: it was being given back (a release whose answer never
// came) or stood empty when the lease expired, and nothing of it is in use
// here, so there is nothing to warn about.
/** Compares this host's blocks with a fresh view of the segment; the lease is the host's current one. */
export function reconcile(holding: Holding, view: SegmentView, lease: string): Reconciled {
  holding.reserved = reservedValues(view);
  const result: Reconciled = { fenced: [], lost: [] };
  for (const block of [...holding.blocks]) {
    if (block.status === 'lost') continue;
    const owner = view.blocks.get(block.index);
    if (owner && owner.host !== holding.host && block.used.size === 0) {
      dropBlock(holding, block);
    } else if (owner && owner.host !== holding.host) {
      block.status = 'lost';
      result.lost.push({ block, host: owner.host });
    } else if (!owner || owner.lease !== lease) {
      block.status = 'fenced';
      result.fenced.push(block);
    } else {
      block.revision = owner.revision;
    }
  }
  return result;
}

/** Claims a fenced block again, under the host's current lease, if nobody took it meanwhile. */
export function planReclaim(input: {
  holding: Holding;
  block: HeldBlock;
  view: SegmentView;
  lease: string;
  now: number;
}): Txn | null {
  const { holding, block, view } = input;
  const owner = view.blocks.get(block.index);
  if (owner && owner.host !== holding.host) return null;
  const key = blockKey(holding.segment, block.text);
  return {
    compare: [
      { key: metaKey(holding.segment), modRevision: view.meta?.revision ?? 0 },
      { key, modRevision: owner?.revision ?? 0 },
    ],
    success: [
      {
        kind: 'put',
        key,
        value: JSON.stringify({ host: holding.host, claimedAt: input.now }),
        lease: input.lease,
      },
    ],
  };
}

// The deadline is counted from when the renewal was *sent*: the store counts
// its TTL from when it *received* it, later, so the host always stops first.
/** Sets the host's local lease deadline after a renewal (or grant) sent at `sentAt` went through. */
export function leaseRenewed(holding: Holding, sentAt: number, ttlMs: number): void {
  holding.deadline = sentAt + ttlMs;
}

import { DomainError, issue } from '../errors';
import { formatAddress, formatCidr, parseAddress } from '../ip';
import { blockAt, blockIndexOf, blockText, reservedOffsets } from './blocks';
import { addBlock, type HeldBlock, type Holding } from './holding';
import { blockKey, metaKey } from './keys';
import type { BlockRecord, SegmentMeta } from './records';
import type { Txn } from './store-types';
import { reservedValues, type SegmentView } from './view';

// Each decision here is a function of a snapshot: it returns the transaction
// to try, and the caller runs it. A failed compare means the snapshot was
// stale: read again and decide again. Nothing is written without a compare.

/** The outcome of planning a claim. */
export type ClaimPlan =
  | { kind: 'txn'; txn: Txn; index: bigint }
  | { kind: 'held-elsewhere'; index: bigint; host: string }
  | { kind: 'exhausted' };

/** Claims a block: a given one (for a static address) or the first free one from the host's salted start. */
export function planClaim(input: {
  holding: Holding;
  view: SegmentView;
  lease: string;
  now: number;
  salt: number;
  index?: bigint;
}): ClaimPlan {
  const { holding, view } = input;
  const index = input.index ?? pickFree(holding, view, input.salt);
  if (index === null) return { kind: 'exhausted' };
  const owner = view.blocks.get(index);
  if (owner && owner.host !== holding.host)
    return { kind: 'held-elsewhere', index, host: owner.host };
  const key = blockKey(holding.segment, blockText(holding.geometry, index));
  const record: BlockRecord = { host: holding.host, claimedAt: input.now };
  const txn: Txn = {
    compare: [
      { key: metaKey(holding.segment), modRevision: view.meta?.revision ?? 0 },
      { key, modRevision: owner?.revision ?? 0 },
    ],
    success: [{ kind: 'put', key, value: JSON.stringify(record), lease: input.lease }],
  };
  return { kind: 'txn', txn, index };
}

/** Records a claim that went through (the reservations come from the view it was planned on). */
export function claimed(
  holding: Holding,
  input: { view: SegmentView; index: bigint; revision: number; now: number },
): HeldBlock {
  holding.reserved = reservedValues(input.view);
  const block = addBlock(holding, input);
  const fresh = reservedOffsets(holding.geometry, input.index, holding.reserved);
  for (const offset of fresh) block.reserved.add(offset);
  return block;
}

// Each host starts looking at its own place in the segment (the salt is a
// hash of its name, plus the attempt number after a conflict), so hosts that
// claim at the same moment, or from a cached view, rarely want the same block.
function pickFree(holding: Holding, view: SegmentView, salt: number): bigint | null {
  const { geometry } = holding;
  const reserved = reservedValues(view);
  const start = BigInt(Math.abs(Math.trunc(salt))) % geometry.count;
  for (let step = 0n; step < geometry.count; step++) {
    const index = (start + step) % geometry.count;
    if (view.blocks.has(index)) continue;
    if (holding.blocks.some((block) => block.index === index && block.status !== 'fenced'))
      continue;
    if (reservedOffsets(geometry, index, reserved).size >= geometry.size) continue;
    return index;
  }
  return null;
}

/** Releases a block: only the exact record this host wrote is deleted. */
export const planRelease = (block: HeldBlock): Txn => ({
  compare: [{ key: block.key, modRevision: block.revision }],
  success: [{ kind: 'delete', key: block.key }],
});

/** What a segment must reserve for one host's network: gateway and aux addresses, by address. */
export type Reservations = Record<string, string>;

// A reservation is added to the segment record only if its block is free or
// held by this host: in another host's block the address may already be on a
// container. The compares cover the record and each of those blocks, so a
// claim racing the reservation loses one side or the other, never both wins.
/** Creates the segment record or adds this host's reservations to it; null when nothing is missing. */
export function planMeta(input: {
  holding: Holding;
  view: SegmentView;
  reserved: Reservations;
}): Txn | null {
  const { holding, view } = input;
  const current = view.meta?.record.reserved ?? {};
  const missing = Object.entries(input.reserved).filter(([address]) => !(address in current));
  if (view.meta && missing.length === 0) return null;
  const compare = [{ key: metaKey(holding.segment), modRevision: view.meta?.revision ?? 0 }];
  for (const [address, label] of missing) {
    const value = parseAddress(address)?.value;
    const index = value === undefined ? null : blockIndexOf(holding.geometry, value);
    if (index === null) continue;
    const owner = view.blocks.get(index);
    if (owner && owner.host !== holding.host)
      throw heldElsewhere(holding, value!, owner.host, label);
    compare.push({
      key: blockKey(holding.segment, blockText(holding.geometry, index)),
      modRevision: owner?.revision ?? 0,
    });
  }
  const record: SegmentMeta = {
    subnet: formatCidr(holding.geometry.subnet),
    blockPrefix: holding.geometry.blockPrefix,
    reserved: { ...current, ...Object.fromEntries(missing) },
  };
  const key = metaKey(holding.segment);
  return { compare, success: [{ kind: 'put', key, value: JSON.stringify(record) }] };
}

/** BLOCK_HELD_ELSEWHERE naming the address, its block and the host that holds it. */
export function heldElsewhere(
  holding: Holding,
  value: bigint,
  host: string,
  what = 'address',
): DomainError {
  const index = blockIndexOf(holding.geometry, value) ?? 0n;
  const address = formatAddress({ family: holding.geometry.subnet.family, value });
  const block = blockAt(holding.geometry, index);
  const text = blockText(holding.geometry, index);
  const field = block.family === 4 ? 'ipv4Address' : 'ipv6Address';
  return new DomainError(
    issue(
      'BLOCK_HELD_ELSEWHERE',
      [field],
      `${what} ${address} is in block ${text} of segment ${holding.segment}, held by host ${host}.`,
      `Connect the container on ${host}, or pick an address outside ${host}'s blocks (or leave it out).`,
    ),
  );
}

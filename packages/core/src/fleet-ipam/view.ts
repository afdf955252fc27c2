import { parseCidr, parseAddress } from '../ip';
import { type BlockGeometry, blockGeometry, blockIndexOf } from './blocks';
import { blockOfKey, metaKey } from './keys';
import { parseBlockRecord, parseSegmentMeta, type SegmentMeta } from './records';
import type { Snapshot } from './store-types';

/** A block record as read. */
export interface BlockOwner {
  key: string;
  host: string;
  revision: number;
  lease?: string;
}

/** One segment as read from the store at one revision. */
export interface SegmentView {
  revision: number;
  meta: { record: SegmentMeta; revision: number } | null;
  /** Claimed blocks by index. */
  blocks: Map<bigint, BlockOwner>;
}

// The segment record decides how the subnet is cut: the first host to use the
// segment writes its block prefix, and every later host follows it, so two
// hosts configured with different sizes still carve the same blocks.
/** The geometry of a segment: from its record when there is one, else from this host's settings. */
export function segmentGeometry(
  snapshot: Snapshot,
  segment: string,
  wanted: { subnet: string; blockPrefix?: number },
): BlockGeometry {
  const meta = snapshot.kvs.find((kv) => kv.key === metaKey(segment));
  const record = meta && parseSegmentMeta(meta.value);
  return record
    ? blockGeometry(record.subnet, record.blockPrefix)
    : blockGeometry(wanted.subnet, wanted.blockPrefix);
}

/** Reads a segment's snapshot (every key under its prefix) into records. */
export function viewSegment(
  snapshot: Snapshot,
  segment: string,
  geometry: BlockGeometry,
): SegmentView {
  const view: SegmentView = { revision: snapshot.revision, meta: null, blocks: new Map() };
  for (const kv of snapshot.kvs) {
    if (kv.key === metaKey(segment)) {
      const record = parseSegmentMeta(kv.value);
      if (record) view.meta = { record, revision: kv.modRevision };
      continue;
    }
    const text = blockOfKey(segment, kv.key);
    const cidr = text === null ? null : parseCidr(text);
    const index = cidr && blockIndexOf(geometry, cidr.network);
    if (index === null || index === undefined) continue;
    const { host } = parseBlockRecord(kv.value);
    view.blocks.set(index, { key: kv.key, host, revision: kv.modRevision, lease: kv.lease });
  }
  return view;
}

/** The segment's reserved addresses as numbers. */
export function reservedValues(view: SegmentView): bigint[] {
  if (!view.meta) return [];
  return Object.keys(view.meta.record.reserved).flatMap((text) => {
    const address = parseAddress(text);
    return address ? [address.value] : [];
  });
}

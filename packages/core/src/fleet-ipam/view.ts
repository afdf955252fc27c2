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
  /** Block index of each block key seen, kept from view to view (parsing CIDRs is the slow part of a read). */
  indexOfKey: Map<string, bigint>;
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
  previous?: SegmentView,
): SegmentView {
  const indexOfKey = previous?.indexOfKey ?? new Map<string, bigint>();
  const view: SegmentView = {
    revision: snapshot.revision,
    meta: null,
    blocks: new Map(),
    indexOfKey,
  };
  for (const kv of snapshot.kvs) {
    if (kv.key === metaKey(segment)) {
      const record = parseSegmentMeta(kv.value);
      if (record) view.meta = { record, revision: kv.modRevision };
      continue;
    }
    const index = indexOfKey.get(kv.key) ?? keyIndex(segment, geometry, kv.key);
    if (index === null) continue;
    indexOfKey.set(kv.key, index);
    const { host } = parseBlockRecord(kv.value);
    view.blocks.set(index, { key: kv.key, host, revision: kv.modRevision, lease: kv.lease });
  }
  return view;
}

function keyIndex(segment: string, geometry: BlockGeometry, key: string): bigint | null {
  const text = blockOfKey(segment, key);
  const cidr = text === null ? null : parseCidr(text);
  return cidr && blockIndexOf(geometry, cidr.network);
}

/** The segment's reserved addresses as numbers. */
export function reservedValues(view: SegmentView): bigint[] {
  if (!view.meta) return [];
  return Object.keys(view.meta.record.reserved).flatMap((text) => {
    const address = parseAddress(text);
    return address ? [address.value] : [];
  });
}

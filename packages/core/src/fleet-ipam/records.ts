import { z } from 'zod';

// Values are JSON, validated when read: a record written by another version
// or by hand that does not parse is treated as held by someone unknown, never
// as free.

/** The record of a claimed block. */
export const blockRecordSchema = z.object({
  host: z.string().min(1),
  claimedAt: z.number(),
});
export type BlockRecord = z.infer<typeof blockRecordSchema>;

/** The record of a segment: how it is cut, and the addresses no host may hand out. */
export const segmentMetaSchema = z.object({
  subnet: z.string(),
  blockPrefix: z.number().int(),
  /** Address → label (`gateway`, `aux address "router"`), reserved on every host. */
  reserved: z.record(z.string(), z.string()),
});
export type SegmentMeta = z.infer<typeof segmentMetaSchema>;

/** Reads a block record; an unreadable one counts as held by "unknown". */
export function parseBlockRecord(value: string): BlockRecord {
  try {
    const parsed = blockRecordSchema.safeParse(JSON.parse(value));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through: unreadable JSON is held by someone unknown
  }
  return { host: 'unknown', claimedAt: 0 };
}

/** Reads a segment record, or null when it does not parse. */
export function parseSegmentMeta(value: string): SegmentMeta | null {
  try {
    const parsed = segmentMetaSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

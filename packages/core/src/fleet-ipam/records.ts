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

// Read for every block of a segment on every fresh read, so checked by hand
// (the schema above documents the shape; zod costs ~10x here).
/** Reads a block record; an unreadable one counts as held by "unknown". */
export function parseBlockRecord(value: string): BlockRecord {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null) {
      const { host, claimedAt } = parsed as Record<string, unknown>;
      if (typeof host === 'string' && host.length > 0 && typeof claimedAt === 'number')
        return { host, claimedAt };
    }
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

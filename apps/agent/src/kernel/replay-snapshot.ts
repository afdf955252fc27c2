import { readFileSync } from 'node:fs';
import { HostRouteSchema, SnapshotAddressSchema, SnapshotLinkSchema } from '@underlay/core';
import { z } from 'zod';

// The file a replay kernel serves: what a real host's kernel port answered,
// recorded by apps/agent/test/replay/record-host-snapshot.ts from a lab guest.
// A replay agent exists for the hub's scale test and benchmarks only (issue
// 19: 100 hosts on a machine whose lab runs up to 8 guests); `format` names
// the file as such so that no other JSON is mistaken for one.

export const REPLAY_FORMAT = 'underlay-replay-kernel/1';

const NamespaceSchema = z.object({
  links: z.array(SnapshotLinkSchema).default([]),
  addresses: z.array(SnapshotAddressSchema).default([]),
  routes: z.array(HostRouteSchema).default([]),
});

/** A recorded host: identity, capabilities, host links, addresses, routes and named namespaces. */
export const ReplaySnapshotSchema = z
  .object({
    format: z.literal(REPLAY_FORMAT, {
      error: `not a replay snapshot: "format" must be "${REPLAY_FORMAT}" (record one with apps/agent/test/replay/record-host-snapshot.ts)`,
    }),
    recordedAt: z.string(),
    source: z.string(),
    hostname: z.string().min(1),
    kernel: z.string().min(1),
    capabilities: z.record(z.string(), z.unknown()),
    links: z.array(SnapshotLinkSchema),
    addresses: z.array(SnapshotAddressSchema).default([]),
    routes: z.array(HostRouteSchema).default([]),
    namespaces: z.record(z.string(), NamespaceSchema).default({}),
  })
  .strict();
export type ReplaySnapshot = z.output<typeof ReplaySnapshotSchema>;
export type ReplayNamespace = z.output<typeof NamespaceSchema>;

/** Reads and validates a snapshot file; the error names the file, the field and the fix. */
export function loadReplaySnapshot(path: string): ReplaySnapshot {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(
      `--kernel replay:${path}: cannot read the snapshot (${(err as Error).message}); give the path of a file recorded by apps/agent/test/replay/record-host-snapshot.ts`,
    );
  }
  const parsed = ReplaySnapshotSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`);
  throw new Error(`--kernel replay:${path}: not a valid replay snapshot:\n${lines.join('\n')}`);
}

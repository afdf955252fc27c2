import { z } from 'zod';

// What `fleetStore.status` and `network inspect` show of the fleet-wide IPAM
// (issue 15). Kept beside fleet-store.ts, which is the contract shared with
// the hub and must stay byte-identical on both sides.

/** One block this host holds (or held) on a segment. */
export const FleetBlockSchema = z.object({
  /** The block's CIDR, e.g. 10.1.0.16/28. */
  block: z.string(),
  /** held: usable; fenced: the lease expired, claimed again before use; lost: another host holds it now. */
  status: z.enum(['held', 'fenced', 'lost']),
  /** Addresses of this host's endpoints in it. */
  used: z.number().int().min(0),
});
export type FleetBlock = z.infer<typeof FleetBlockSchema>;

/** One segment a network of this host is on, with the blocks this host holds there. */
export const FleetSegmentSchema = z.object({
  /** Store-safe segment id, e.g. trunk=eth0,vlan=10,subnet=10.1.0.0_24. */
  segment: z.string(),
  subnet: z.string(),
  /** Block prefix length the segment is cut into. */
  blockPrefix: z.number().int().nullable(),
  blocks: z.array(FleetBlockSchema),
  /** Conflicts found when this host's existing addresses were claimed (adoption), and blocks lost. */
  conflicts: z.array(z.string()),
  /** Whether this host's existing endpoints on it are claimed in the store yet. */
  adopted: z.boolean(),
});
export type FleetSegment = z.infer<typeof FleetSegmentSchema>;

/** `fleetStore.status`: which store, whether it answers, and what this host holds. */
export const FleetStoreStatusSchema = z.object({
  kind: z.enum(['none', 'etcd', 'hub']),
  /** The store as messages name it (`etcd at http://192.0.2.1:2379`); null for none. */
  where: z.string().nullable(),
  /** The host name blocks are claimed under. */
  host: z.string(),
  /** Whether the last store call succeeded; null before any call (or with none). */
  reachable: z.boolean().nullable(),
  /** ISO time since when `reachable` has had its current value (or since the store was configured). */
  since: z.string(),
  segments: z.array(FleetSegmentSchema),
});
export type FleetStoreStatus = z.infer<typeof FleetStoreStatusSchema>;

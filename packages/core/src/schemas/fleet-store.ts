import { z } from 'zod';

/** Where an agent's fleet-wide IPAM keeps its leases: none (local IPAM only), etcd v3, or the hub's SQLite. */
export const FleetStoreConfigSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('etcd'), endpoints: z.array(z.string().url()).min(1) }),
  z.object({ kind: z.literal('hub'), url: z.string().url(), token: z.string().min(16) }),
]);
export type FleetStoreConfig = z.infer<typeof FleetStoreConfigSchema>;

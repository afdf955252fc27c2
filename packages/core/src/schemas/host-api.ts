import { z } from 'zod';

// Outputs of the agent's `host` procedures (snapshot is in snapshot.ts).

/** A link that can carry ipvlan children, with its addresses (`host.interfaces`). */
export const ParentCandidateSchema = z.object({
  name: z.string(),
  kind: z.string(),
  up: z.boolean(),
  mtu: z.number(),
  vlanId: z.number().optional(),
  parent: z.string().nullable(),
  addresses: z.array(z.string()),
  /** Networks of this agent that use it. */
  networks: z.array(z.string()),
});
export type ParentCandidate = z.infer<typeof ParentCandidateSchema>;

/** Kernel features by name (`ipvlan: true`…), as the agent probed them. */
export const HostCapabilitiesSchema = z.record(z.string(), z.unknown());

/** `host.info`: who the host is, its kernel, and its parent candidates. */
export const HostInfoSchema = z.object({
  hostname: z.string(),
  kernel: z.string(),
  version: z.string(),
  capabilities: HostCapabilitiesSchema,
  interfaces: z.array(ParentCandidateSchema),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;

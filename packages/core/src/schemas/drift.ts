import { z } from 'zod';
import { SnapshotAddressSchema, SnapshotLinkSchema } from './snapshot';

// What the agent sees inside one container's namespace, for drift checks:
// `ip -n NS -d -json link` and `addr`. `present: false` when the namespace is gone.

/** One container namespace as observed. */
export const ContainerSnapshotSchema = z.object({
  container: z.string(),
  netns: z.string(),
  present: z.boolean().default(true),
  links: z.array(SnapshotLinkSchema).default([]),
  addresses: z.array(SnapshotAddressSchema).default([]),
});
export type ContainerSnapshot = z.infer<typeof ContainerSnapshotSchema>;

export * from './drift-item';

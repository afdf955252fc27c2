import { z } from 'zod';

// One difference between underlay's records and the kernel. Apart from the
// container observations in drift.ts because the host snapshot carries the
// agent's last drift report (drift.ts reads the snapshot's link schemas).

/** Kinds of difference between underlay's records and the kernel. */
export const DRIFT_KINDS = [
  'parent-missing', // the network's parent link is gone
  'parent-down', // the parent exists but is down
  'parent-changed', // the parent exists but is not the VLAN the network was made on (kind, lower link or VID differ)
  'netns-missing', // the endpoint's container namespace is gone: the endpoint is to be freed
  'link-missing', // the endpoint's link is gone from its container
  'link-moved', // the endpoint's link is gone from its container and its address is on a link of the host namespace
  'link-renamed', // the endpoint's address is on another link of the container
  'link-replaced', // a link of the endpoint's name exists but is not an ipvlan link
  'mode-changed', // the endpoint's ipvlan link has another mode or flag than its network
  'link-down', // the endpoint's link is down
  'address-missing', // one of the endpoint's addresses is not on its link
  'shim-missing', // the host shim of the network's parent is gone (or is no longer an ipvlan link on that parent)
  'shim-address-missing', // the network's address on the host shim is gone
  'route-missing', // a distributed route underlay installed is gone from the host's table (address: its dst)
] as const;
export const DriftKindSchema = z.enum(DRIFT_KINDS);
export type DriftKind = z.infer<typeof DriftKindSchema>;

/** One difference, for the agent's report and the dashboard's drift marks. */
export const DriftItemSchema = z.object({
  kind: DriftKindSchema,
  network: z.string(),
  endpoint: z.string().optional(),
  /** For address-missing: the missing `addr/prefix`. */
  address: z.string().optional(),
  /** For link-moved / link-renamed: the link now holding the endpoint's address (host namespace / container); for shim drift: the shim. */
  link: z.string().optional(),
  detail: z.string(),
});
export type DriftItem = z.infer<typeof DriftItemSchema>;

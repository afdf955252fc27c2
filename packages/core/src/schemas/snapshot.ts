import { z } from 'zod';
import { ContainerSchema } from './container';
import { DriftItemSchema } from './drift-item';
import { EndpointSchema } from './endpoint';
import { IpvlanFlagSchema, IpvlanModeSchema } from './common';
import { NetworkSchema } from './network';
import { HostRouteSchema, InstalledRouteSchema } from './routes';
import { HostShimSchema } from './shim';

// What plan() and validate() read: the host's kernel state as the agent saw it
// (from `ip -d -json link/addr`) plus underlay's own records. Pure data, so the
// dashboard can plan against a snapshot it received from an agent.

/** A link as planning needs it. `parent` is the lower link's name (null when none, or in another namespace). */
export const SnapshotLinkSchema = z.object({
  name: z.string(),
  kind: z.string(), // 'device', 'vlan', 'dummy', 'ipvlan', 'macvlan', 'loopback', 'bridge', 'veth', …
  parent: z.string().nullable().default(null),
  vlanId: z.number().int().optional(),
  ipvlanMode: IpvlanModeSchema.optional(),
  ipvlanFlag: IpvlanFlagSchema.optional(),
  mtu: z.number().int().default(1500),
  up: z.boolean().default(true),
});
export type SnapshotLink = z.infer<typeof SnapshotLinkSchema>;

/** An address on a host link, `addr/prefix`. */
export const SnapshotAddressSchema = z.object({ dev: z.string(), address: z.string() });

/** A link that underlay created on the host, and which networks use it (reference count). */
export const OwnedLinkSchema = z.object({
  name: z.string(),
  kind: z.enum(['vlan', 'dummy']),
  networkIds: z.array(z.string()),
});
export type OwnedLink = z.infer<typeof OwnedLinkSchema>;

/** Link names currently present inside a container's namespace (to pick the next free ethN). */
export const ContainerLinksSchema = z.object({ container: z.string(), links: z.array(z.string()) });

/** Everything plan() and validate() need to know about one host. */
export const HostSnapshotSchema = z.object({
  hostname: z.string().default('host'),
  links: z.array(SnapshotLinkSchema).default([]),
  addresses: z.array(SnapshotAddressSchema).default([]),
  networks: z.array(NetworkSchema).default([]),
  endpoints: z.array(EndpointSchema).default([]),
  containers: z.array(ContainerSchema).default([]),
  containerLinks: z.array(ContainerLinksSchema).default([]),
  ownedLinks: z.array(OwnedLinkSchema).default([]),
  /** Host shims underlay keeps (one row per network that asked for one); absent means none. */
  shims: z.array(HostShimSchema).optional(),
  /** Distributed routes underlay installed (records); absent where not read. */
  installedRoutes: z.array(InstalledRouteSchema).optional(),
  /** The host's main routing table, both families; read only by route operations and drift checks. */
  routes: z.array(HostRouteSchema).optional(),
  /** host.snapshot: the agent's last drift check (start-up, periodic, `network drift`, after a repair); empty when it found none. Absent elsewhere (plans do not read it). */
  drift: z.array(DriftItemSchema).optional(),
});
export type HostSnapshot = z.infer<typeof HostSnapshotSchema>;
export type HostSnapshotInput = z.input<typeof HostSnapshotSchema>;

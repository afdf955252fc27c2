import { z } from 'zod';
import { FamilySchema, IpvlanFlagSchema, IpvlanModeSchema, LabelsSchema } from './common';

// The request is shaped on Docker's API (NetworkCreateRequest) and CLI flags.
// Values stay strings here on purpose: validate() checks them with codes and
// field paths that a person can act on, which a zod refinement error cannot.

/** One `--subnet` with the `--gateway`, `--ip-range` and `--aux-address` that belong to it. */
export const IpamConfigSchema = z
  .object({
    subnet: z.string(),
    gateway: z.string().optional(),
    ipRange: z.string().optional(),
    auxAddresses: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type IpamConfig = z.infer<typeof IpamConfigSchema>;

/** `network create`: what a client sends. */
export const NetworkCreateSchema = z
  .object({
    name: z.string(),
    driver: z.string().default('ipvlan'),
    /** Raw `-o key=value` map: parent, ipvlan_mode, ipvlan_flag. Unknown keys are refused by validate(). */
    options: z.record(z.string(), z.string()).default({}),
    internal: z.boolean().default(false),
    ipv4: z.boolean().default(true),
    ipv6: z.boolean().default(false),
    ipam: z.array(IpamConfigSchema).default([]),
    labels: LabelsSchema.default({}),
  })
  .strict();
export type NetworkCreateInput = z.input<typeof NetworkCreateSchema>;
export type NetworkCreate = z.output<typeof NetworkCreateSchema>;

/** How the network's parent came to be, which decides whether `network rm` may delete it. */
export const ParentKindSchema = z.enum([
  'existing', // a link that was there already: never deleted by underlay
  'vlan', // NAME.VID made by underlay (or adopted when it existed): deleted with its last network if underlay made it
  'dummy', // made by underlay for a network without a parent: deleted with the network
]);
export type ParentKind = z.infer<typeof ParentKindSchema>;

/** A subnet after validation and defaults: canonical CIDR text, the effective gateway (none in L3/L3S or internal networks). */
export const SubnetSchema = z.object({
  family: FamilySchema,
  subnet: z.string(),
  gateway: z.string().optional(),
  /** An internal L2 network's gateway address: kept free for the VLAN's router, never a route. */
  reservedGateway: z.string().optional(),
  ipRange: z.string().optional(),
  auxAddresses: z.record(z.string(), z.string()).default({}),
  /** True when the subnet came from the default pools, not from the request. */
  fromDefaultPool: z.boolean().default(false),
});
export type Subnet = z.infer<typeof SubnetSchema>;

/** A network as the agent stores and reports it. */
export const NetworkSchema = z.object({
  id: z.string(),
  name: z.string(),
  driver: z.literal('ipvlan'),
  mode: IpvlanModeSchema,
  flag: IpvlanFlagSchema,
  /** Effective parent link name (the dummy's name when the network has no parent). */
  parent: z.string(),
  parentKind: ParentKindSchema,
  /** VLAN id when the parent is an 802.1Q sub-interface (made by underlay or found). */
  vlanId: z.number().int().min(1).max(4094).optional(),
  internal: z.boolean(),
  ipv4: z.boolean(),
  ipv6: z.boolean(),
  subnets: z.array(SubnetSchema),
  labels: LabelsSchema,
  /** The `-o` options exactly as the user passed them (Docker shows only these in inspect). */
  options: z.record(z.string(), z.string()),
  created: z.string(),
  /** ok, or degraded when its parent is missing (restored when the parent appears). */
  status: z.enum(['ok', 'degraded']).default('ok'),
});
export type Network = z.infer<typeof NetworkSchema>;

/** `network rm` / `network inspect`: a network by name or id (or a unique id prefix). */
export const NetworkRefSchema = z.object({ network: z.string().min(1) }).strict();
export type NetworkRef = z.infer<typeof NetworkRefSchema>;

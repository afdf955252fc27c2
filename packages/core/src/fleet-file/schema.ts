import { z } from 'zod';
import { IpvlanFlagSchema, IpvlanModeSchema, LabelsSchema } from '../schemas/common';

// The fleet file: networks and the hosts they live on, as a person writes it in
// git (YAML) or NetOps hands it over (CSV). Values stay strings where core's
// validate() checks them, so every refusal carries a stable code and a field.

/** Which hosts an entry applies to: every host, a list of names (`@list` names a list), or an object. */
export const HostSelectorSchema = z.union([
  z.literal('all'),
  z.array(z.string().min(1)).min(1),
  z
    .object({
      names: z.array(z.string().min(1)).optional(),
      lists: z.array(z.string().min(1)).optional(),
      labels: LabelsSchema.optional(),
    })
    .strict(),
]);
export type HostSelector = z.infer<typeof HostSelectorSchema>;

/** One subnet of a network, with what belongs to it (Docker's IPAM config entry). */
export const FleetSubnetSchema = z
  .object({
    subnet: z.string(),
    gateway: z.string().optional(),
    ipRange: z.string().optional(),
    auxAddresses: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type FleetSubnet = z.infer<typeof FleetSubnetSchema>;

/** One network on a set of hosts. The same name may appear again for a disjoint set of hosts. */
export const FleetNetworkSchema = z
  .object({
    name: z.string(),
    /** 802.1Q id: the parent becomes PARENT.VLAN (made by the agent when missing). */
    vlan: z.number().int().optional(),
    /** Parent link (eth0, or eth0.10 directly); none means a dummy parent, isolated. */
    parent: z.string().optional(),
    mode: IpvlanModeSchema.optional(),
    flag: IpvlanFlagSchema.optional(),
    subnets: z.array(FleetSubnetSchema).min(1),
    internal: z.boolean().optional(),
    /** Defaults to whether an IPv4 subnet is given. */
    ipv4: z.boolean().optional(),
    /** Defaults to whether an IPv6 subnet is given. */
    ipv6: z.boolean().optional(),
    labels: LabelsSchema.optional(),
    /** Defaults to every host. */
    hosts: HostSelectorSchema.optional(),
  })
  .strict();
export type FleetNetwork = z.infer<typeof FleetNetworkSchema>;

/** A host as the file knows it: its labels, for selectors. */
export const FleetHostSchema = z.object({ labels: LabelsSchema.optional() }).strict();

/** The whole file. */
export const FleetFileSchema = z
  .object({
    version: z.literal(1),
    hosts: z.record(z.string(), FleetHostSchema).optional(),
    /** Named host lists, used as `@name` in a selector. */
    lists: z.record(z.string(), z.array(z.string().min(1))).optional(),
    networks: z.array(FleetNetworkSchema),
  })
  .strict();
export type FleetFile = z.infer<typeof FleetFileSchema>;

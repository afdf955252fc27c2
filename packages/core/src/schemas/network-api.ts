import { z } from 'zod';
import { FleetSegmentSchema } from './fleet-store-status';
import { DriftItemSchema } from './drift';
import { EndpointSchema } from './endpoint';
import { IssueSchema } from './issue';
import { NetworkSchema } from './network';
import { PlanStepSchema } from './ops';

// Outputs of the agent's `networks` procedures.

/** `networks.list`: each network with its endpoint count. */
export const NetworkListItemSchema = NetworkSchema.extend({ endpoints: z.number() });
export type NetworkListItem = z.infer<typeof NetworkListItemSchema>;

/** `networks.plan`: the issues, and when there are no errors the network and the steps a create would run. */
export const NetworkPlanResultSchema = z.object({
  ok: z.boolean(),
  issues: z.array(IssueSchema),
  network: NetworkSchema.nullable(),
  steps: z.array(PlanStepSchema),
});
export type NetworkPlanResult = z.infer<typeof NetworkPlanResultSchema>;

/** `networks.create`. */
export const NetworkCreateResultSchema = z.object({
  network: NetworkSchema,
  warnings: z.array(IssueSchema),
  steps: z.array(PlanStepSchema),
});

/** `networks.remove`: the links underlay deleted with it. */
export const NetworkRemoveResultSchema = z.object({
  network: NetworkSchema,
  removedLinks: z.array(z.string()),
});

/** `networks.connect`. */
export const ConnectResultSchema = z.object({
  endpoint: EndpointSchema,
  warnings: z.array(IssueSchema),
  steps: z.array(PlanStepSchema),
});

/** `networks.disconnect`. */
export const DisconnectResultSchema = z.object({
  endpoint: EndpointSchema,
  warnings: z.array(IssueSchema),
});

/** `networks.drift`. */
export const DriftResultSchema = z.array(DriftItemSchema);

/** `networks.repair`: what was found, the steps run, and the containers released or reconnected. */
export const RepairResultSchema = z.object({
  drift: z.array(DriftItemSchema),
  steps: z.array(PlanStepSchema),
  released: z.array(z.string()),
  reconnected: z.array(z.string()),
  degraded: z.array(z.string()),
});

// Docker's NetworkResource, as `docker network inspect` prints it.
const DockerUsageSchema = z.object({
  IPsInUse: z.union([z.number(), z.string()]),
  DynamicIPsAvailable: z.union([z.number(), z.string()]),
});

/** `networks.inspect`: Docker's shape (NetworkResource) plus underlay's own fields. */
export const NetworkInspectSchema = z.object({
  Name: z.string(),
  Id: z.string(),
  Created: z.string(),
  Scope: z.literal('local'),
  Driver: z.literal('ipvlan'),
  EnableIPv4: z.boolean(),
  EnableIPv6: z.boolean(),
  IPAM: z.object({
    Driver: z.literal('default'),
    Options: z.record(z.string(), z.string()),
    Config: z.array(
      z.object({
        Subnet: z.string(),
        Gateway: z.string().optional(),
        IPRange: z.string().optional(),
        AuxiliaryAddresses: z.record(z.string(), z.string()).optional(),
      }),
    ),
  }),
  Internal: z.boolean(),
  Attachable: z.boolean(),
  Ingress: z.boolean(),
  ConfigFrom: z.object({ Network: z.string() }),
  ConfigOnly: z.boolean(),
  Containers: z.record(
    z.string(),
    z.object({
      Name: z.string(),
      EndpointID: z.string(),
      MacAddress: z.string(),
      IPv4Address: z.string(),
      IPv6Address: z.string(),
    }),
  ),
  Options: z.record(z.string(), z.string()),
  Labels: z.record(z.string(), z.string()),
  Status: z.object({ IPAM: z.object({ Subnets: z.record(z.string(), DockerUsageSchema) }) }),
  Mode: NetworkSchema.shape.mode,
  Flag: NetworkSchema.shape.flag,
  Parent: z.string(),
  ParentKind: NetworkSchema.shape.parentKind,
  VlanId: z.number().nullable(),
  Degraded: z.boolean(),
  /** The network's share of its parent's host shim (`-o host_shim=true`), or null without one. */
  HostShim: z
    .object({ Name: z.string(), IPv4Address: z.string(), IPv6Address: z.string() })
    .nullable(),
  /** L3/L3S: whether the network's subnets are distributed to other hosts and announced by BGP. */
  L3: z.object({ Distributed: z.boolean(), Announced: z.boolean() }),
  /** With a fleet store (issue 15): each subnet's segment and the blocks this host holds there. */
  FleetIpam: z.array(FleetSegmentSchema).optional(),
});
export type NetworkInspect = z.infer<typeof NetworkInspectSchema>;

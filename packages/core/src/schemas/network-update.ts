import { z } from 'zod';
import { LabelsSchema } from './common';
import { NetworkSchema } from './network';

// `networks.update`: the fields of a network that change without touching a
// container or the kernel. Only labels: every other field is in the kernel or
// in the containers (parent and mode/flag are each container's ipvlan link;
// subnets, gateways, internal and ipv4/ipv6 are in the containers' addresses
// and routes), so changing one is a replace (remove + create). See
// IN_PLACE_FIELDS in fleet-file/diff.ts.

/** The network (name, id or unique id prefix) and its new labels, the whole set (an absent key is removed). */
export const NetworkUpdateSchema = z
  .object({
    network: z.string().min(1),
    labels: LabelsSchema,
  })
  .strict();
export type NetworkUpdateInput = z.infer<typeof NetworkUpdateSchema>;

/** The record after the update and the fields that changed (empty when it already matched). */
export const NetworkUpdateResultSchema = z.object({
  network: NetworkSchema,
  changed: z.array(z.literal('labels')),
});
export type NetworkUpdateResult = z.infer<typeof NetworkUpdateResultSchema>;

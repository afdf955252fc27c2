import { z } from 'zod';
import { ContainerSchema } from './container';
import { EndpointSchema } from './endpoint';

// Outputs of the agent's `containers` procedures (create and attach answer a ContainerSchema).

/** `containers.list`: each container, whether its namespace is there, and its endpoints. */
export const ContainerListItemSchema = ContainerSchema.extend({
  present: z.boolean(),
  endpoints: z.array(EndpointSchema),
});
export type ContainerListItem = z.infer<typeof ContainerListItemSchema>;

/** `containers.remove`: the container and how many endpoints were released with it. */
export const ContainerRemoveResultSchema = z.object({
  container: ContainerSchema,
  released: z.number(),
});

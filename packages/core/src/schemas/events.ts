import { z } from 'zod';
import { ContainerSchema } from './container';
import { EndpointSchema } from './endpoint';
import { NetworkSchema } from './network';

// What the agent's `events.stream` subscription yields. Clients (the
// dashboard's hub, `underlay events`) switch on `type`; never rename one.

const named = { networkId: z.string(), name: z.string() };
const link = (type: 'link.up' | 'link.down' | 'link.added' | 'link.removed') =>
  z.object({ type: z.literal(type), link: z.string() });

/** An event before the agent stamps it with `at`. */
export const AgentEventBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('network.created'), network: NetworkSchema }),
  z.object({ type: z.literal('network.removed'), ...named }),
  /** Changed in place (`networks.update`: labels); `changed` names the fields. */
  z.object({
    type: z.literal('network.updated'),
    network: NetworkSchema,
    changed: z.array(z.string()),
  }),
  z.object({ type: z.literal('network.restored'), ...named }),
  z.object({ type: z.literal('network.degraded'), ...named, reason: z.string() }),
  z.object({ type: z.literal('endpoint.connected'), endpoint: EndpointSchema }),
  z.object({ type: z.literal('endpoint.disconnected'), endpoint: EndpointSchema }),
  z.object({ type: z.literal('endpoint.released'), endpoint: EndpointSchema, reason: z.string() }),
  z.object({ type: z.literal('container.created'), container: ContainerSchema }),
  z.object({ type: z.literal('container.removed'), name: z.string() }),
  z.object({
    type: z.literal('drift.found'),
    items: z.array(z.object({ network: z.string(), link: z.string(), problem: z.string() })),
  }),
  z.object({ type: z.literal('drift.cleared') }),
  // At start-up, an operation a crash cut (found open in the intent journal) was undone or finished.
  z.object({
    type: z.literal('operation.recovered'),
    operation: z.string(),
    action: z.enum(['undone', 'finished', 'completed']),
    steps: z.number().int(),
    failures: z.array(z.string()),
  }),
  // Fleet-wide IPAM (issue 15): blocks this host claims, gives back or finds
  // taken by another host; conflicts found when its endpoints are claimed at
  // start; the fleet store going away and coming back.
  z.object({
    type: z.literal('fleet.block'),
    segment: z.string(),
    block: z.string(),
    action: z.enum(['claimed', 'released', 'lost']),
    detail: z.string().optional(),
  }),
  z.object({
    type: z.literal('fleet.conflict'),
    /** The network's name. */
    name: z.string(),
    segment: z.string(),
    message: z.string(),
  }),
  z.object({
    type: z.literal('fleet.store'),
    where: z.string(),
    reachable: z.boolean(),
    message: z.string().optional(),
  }),
  link('link.up'),
  link('link.down'),
  link('link.added'),
  link('link.removed'),
]);
export type AgentEventInput = z.infer<typeof AgentEventBodySchema>;

/** Something that changed on a host, stamped with when (ISO time). */
export const AgentEventSchema = z.intersection(z.object({ at: z.string() }), AgentEventBodySchema);
export type AgentEvent = z.infer<typeof AgentEventSchema>;

/** `events.stream` input: the last id a client saw, to replay what it missed. */
export const EventsStreamInputSchema = z
  .object({ lastEventId: z.string().nullish() })
  .strict()
  .optional();

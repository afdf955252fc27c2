import { z } from 'zod';
import { FamilySchema } from './common';

// Routes distributed between hosts for L3/L3S networks: a host's subnets are
// reached through that host's underlay address (the seed: "the remote host or
// the physical network in between need to have a route pointing to the host
// IP address of the container's Docker host"). Who computes them (the hub,
// later the fleet store) sends each host its whole set; the agent installs the
// difference through plans and keeps the set as its records.

/** One route a host should have: `dst` through `via`, learned from `origin`. */
export const DistributedRouteSchema = z
  .object({
    family: FamilySchema,
    /** The remote network's subnet (canonical CIDR). */
    dst: z.string().min(1),
    /** The remote host's underlay address (no prefix). */
    via: z.string().min(1),
    /** Where the route comes from: the remote host and its network. */
    origin: z.object({ host: z.string().min(1), network: z.string().min(1) }).strict(),
  })
  .strict();
export type DistributedRoute = z.infer<typeof DistributedRouteSchema>;

/** `routes.set`: the whole set this host should have (an empty list withdraws every distributed route). */
export const RouteSetSchema = z
  .object({
    routes: z.array(DistributedRouteSchema),
    /** Who sent it, for `route ls` (the hub, a fleet store…). */
    source: z.string().min(1).default('hub'),
  })
  .strict();
export type RouteSetInput = z.input<typeof RouteSetSchema>;

/** An installed distributed route as the agent records it: the route, the link it goes out of, who sent it, when. */
export const InstalledRouteSchema = DistributedRouteSchema.extend({
  dev: z.string(),
  source: z.string(),
  installed: z.string(),
});
export type InstalledRoute = z.infer<typeof InstalledRouteSchema>;

/** A route of the host's main table, as planning needs it. */
export const HostRouteSchema = z.object({
  family: FamilySchema,
  dst: z.string(),
  via: z.string().optional(),
  dev: z.string().optional(),
  protocol: z.string().optional(),
});
export type HostRoute = z.infer<typeof HostRouteSchema>;

/** `routes.set`'s answer and `route ls`: what is installed, whether the kernel still has each, and what the set changed. */
export const RouteListSchema = z.object({
  routes: z.array(InstalledRouteSchema.extend({ present: z.boolean() })),
  added: z.number().int(),
  removed: z.number().int(),
});
export type RouteList = z.infer<typeof RouteListSchema>;

import { z } from 'zod';

/** `network connect [--ip …] [--ip6 …] NET CONTAINER`. */
export const ConnectSchema = z
  .object({
    network: z.string().min(1),
    container: z.string().min(1),
    ipv4Address: z.string().optional(),
    ipv6Address: z.string().optional(),
  })
  .strict();
export type ConnectInput = z.infer<typeof ConnectSchema>;

/** `network disconnect NET CONTAINER`. */
export const DisconnectSchema = z
  .object({ network: z.string().min(1), container: z.string().min(1) })
  .strict();
export type DisconnectInput = z.infer<typeof DisconnectSchema>;

/** One container's ipvlan link on one network. Addresses are `addr/prefix`. */
export const EndpointSchema = z.object({
  id: z.string(),
  networkId: z.string(),
  container: z.string(),
  /** Named network namespace of the container (under /run/netns). */
  netns: z.string(),
  /** Name inside the container: eth0, eth1… */
  ifname: z.string(),
  ipv4Address: z.string().optional(),
  ipv6Address: z.string().optional(),
  mac: z.string().optional(),
  created: z.string(),
});
export type Endpoint = z.infer<typeof EndpointSchema>;

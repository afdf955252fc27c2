import { z } from 'zod';

// The host shim (`-o host_shim=true`): an ipvlan link in the host's own
// namespace on a network's parent, so the host reaches its own ipvlan
// children (the seed: "the default namespace is not reachable per IPvlan
// design"). One link per parent, shared by every network on that parent that
// asks for it; each such network holds one address on it, from its own IPAM.

/** One network's share of a host shim: the link it uses and the addresses it holds there (`addr/prefix`). */
export const HostShimSchema = z.object({
  networkId: z.string(),
  parent: z.string(),
  /** The shim link's name in the host namespace (`ulh` + 7 hex digits of the parent's name). */
  ifname: z.string(),
  ipv4Address: z.string().optional(),
  ipv6Address: z.string().optional(),
  created: z.string(),
});
export type HostShim = z.infer<typeof HostShimSchema>;

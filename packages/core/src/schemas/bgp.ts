import { z } from 'zod';

// BGP announcements of a host's L3 subnets, by BIRD 2: the agent owns a BIRD
// config fragment (a static protocol of its subnets and one BGP session per
// neighbour) and reloads BIRD through its control socket. Values stay loose
// here: validateBgpConfig checks them with codes and field paths.

/** One BGP neighbour: its address, its ASN, and an optional TCP-MD5 password. */
export const BgpNeighborSchema = z
  .object({
    address: z.string(),
    asn: z.number(),
    password: z.string().optional(),
  })
  .strict();

/** `bgp.set`: this host's BGP settings (enabled: false turns announcements off and empties the fragment). */
export const BgpConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** This host's ASN (1–4294967295). */
    asn: z.number(),
    neighbors: z.array(BgpNeighborSchema).min(1),
    /** BIRD's router id (an IPv4 address); BIRD picks one when absent. */
    routerId: z.string().optional(),
    /** The fragment the agent writes; BIRD's own config includes it. */
    fragment: z.string().min(1).default('/etc/bird/underlay.conf'),
    /** BIRD's control socket. */
    socket: z.string().min(1).default('/run/bird/bird.ctl'),
  })
  .strict();
export type BgpConfig = z.output<typeof BgpConfigSchema>;
export type BgpConfigInput = z.input<typeof BgpConfigSchema>;

/** What the agent announces and how BIRD took the last reload. */
export const BgpStatusSchema = z.object({
  config: BgpConfigSchema.nullable(),
  announced: z.array(z.object({ dst: z.string(), network: z.string() })),
  /** BIRD's answer to the last `configure` ('' when none was sent). */
  reload: z.object({ ok: z.boolean(), message: z.string() }),
});
export type BgpStatus = z.infer<typeof BgpStatusSchema>;

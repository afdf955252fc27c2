import { z } from 'zod';

/** ipvlan modes the kernel knows; the seed's default is l2. */
export const IPVLAN_MODES = ['l2', 'l3', 'l3s'] as const;
export const IpvlanModeSchema = z.enum(IPVLAN_MODES);
export type IpvlanMode = z.infer<typeof IpvlanModeSchema>;

/** ipvlan flags (kernel ≥ 4.15); the seed's default is bridge. */
export const IPVLAN_FLAGS = ['bridge', 'private', 'vepa'] as const;
export const IpvlanFlagSchema = z.enum(IPVLAN_FLAGS);
export type IpvlanFlag = z.infer<typeof IpvlanFlagSchema>;

/** The driver options underlay knows (`-o key=value`); any other key is refused. */
export const KNOWN_OPTIONS = ['parent', 'ipvlan_mode', 'ipvlan_flag', 'host_shim'] as const;
export type KnownOption = (typeof KNOWN_OPTIONS)[number];

/** Labels, as Docker's `--label k=v`. */
export const LabelsSchema = z.record(z.string(), z.string());

/** Address family. */
export const FamilySchema = z.union([z.literal(4), z.literal(6)]);

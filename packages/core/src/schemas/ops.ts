import { z } from 'zod';
import { FamilySchema, IpvlanFlagSchema, IpvlanModeSchema } from './common';

// The plan's vocabulary: kernel operations as data. Each is one `ip` command;
// `netns` (a named namespace) is where it runs, absent for the host's own.
// The agent hands runs of ops that share a namespace to one `ip -n NS -batch`.

const base = { netns: z.string().optional() };

/** Link specs: a discriminated union on kind, sharing name. */
export const LinkSpecSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dummy'), name: z.string() }),
  z.object({
    kind: z.literal('vlan'),
    name: z.string(),
    link: z.string(),
    id: z.number().int().min(1).max(4094),
  }),
  z.object({
    kind: z.literal('ipvlan'),
    name: z.string(),
    link: z.string(),
    mode: IpvlanModeSchema,
    flag: IpvlanFlagSchema,
  }),
]);
export type LinkSpec = z.infer<typeof LinkSpecSchema>;

export const KernelOpSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('netnsAdd'), name: z.string() }),
  z.object({ op: z.literal('netnsDel'), name: z.string() }),
  z.object({ op: z.literal('linkAdd'), ...base, spec: LinkSpecSchema }),
  z.object({ op: z.literal('linkDel'), ...base, name: z.string() }),
  z.object({ op: z.literal('linkSetUp'), ...base, name: z.string() }),
  z.object({ op: z.literal('linkSetDown'), ...base, name: z.string() }),
  /** Moves a link into the named namespace `target`. */
  z.object({ op: z.literal('linkSetNetns'), ...base, name: z.string(), target: z.string() }),
  z.object({ op: z.literal('linkRename'), ...base, name: z.string(), newName: z.string() }),
  /** `address` is `addr/prefix`; IPv6 is added with nodad (as Docker does). */
  z.object({
    op: z.literal('addrAdd'),
    ...base,
    dev: z.string(),
    address: z.string(),
    nodad: z.boolean().optional(),
  }),
  z.object({ op: z.literal('addrDel'), ...base, dev: z.string(), address: z.string() }),
  /** L2: `default via GW dev ethN`; L3/L3S: `default dev ethN` (no next hop). */
  z.object({
    op: z.literal('routeReplace'),
    ...base,
    family: FamilySchema,
    dst: z.string(),
    via: z.string().optional(),
    dev: z.string(),
  }),
  z.object({
    op: z.literal('routeDel'),
    ...base,
    family: FamilySchema,
    dst: z.string(),
    via: z.string().optional(),
    dev: z.string().optional(),
  }),
]);
export type KernelOp = z.infer<typeof KernelOpSchema>;

/** One step of a plan: the operation, the operation that undoes it (null when nothing needs undoing), and why. */
export const PlanStepSchema = z.object({
  op: KernelOpSchema,
  inverse: KernelOpSchema.nullable(),
  why: z.string(),
});
export type PlanStep = z.infer<typeof PlanStepSchema>;

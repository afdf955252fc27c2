import { z } from 'zod';
import {
  cidrProblem,
  ifNameProblem,
  ipFamily,
  ipProblem,
  netnsNameProblem,
  parseCidr,
} from './validate.js';
import { NetlinkSpecError } from './errors.js';

// Every verb's input as a zod schema. The verbs' specs carry no namespace; the
// verb functions add `netns`, and batch ops share the batch's namespace.

const checked = (problem: (v: string) => string | undefined, what: string) =>
  z.string().superRefine((value, ctx) => {
    const p = problem(value);
    if (p) ctx.addIssue({ code: 'custom', message: `${what} ${JSON.stringify(value)} ${p}` });
  });

export const IfName = checked(ifNameProblem, 'interface name');
export const NetnsName = checked(netnsNameProblem, 'namespace name');
export const Cidr = checked(cidrProblem, 'address');
const IpAddress = checked(ipProblem, 'address');
const Mtu = z
  .number()
  .int()
  .min(68)
  .max(2 ** 31 - 1);

const LinkBase = z.object({ name: IfName, mtu: Mtu.optional(), up: z.boolean().optional() });
const DummySpec = LinkBase.extend({ kind: z.literal('dummy') }).strict();
const VlanSpec = LinkBase.extend({
  kind: z.literal('vlan'),
  link: IfName,
  id: z.number().int().min(0).max(4094),
}).strict();
export const IpvlanMode = z.enum(['l2', 'l3', 'l3s']);
export const IpvlanFlag = z.enum(['bridge', 'private', 'vepa']);
const IpvlanSpec = LinkBase.extend({
  kind: z.literal('ipvlan'),
  link: IfName,
  mode: IpvlanMode,
  flag: IpvlanFlag,
}).strict();
/** The link kinds underlay creates, discriminated on `kind`. */
export const LinkSpec = z.discriminatedUnion('kind', [DummySpec, VlanSpec, IpvlanSpec]);
export type LinkSpec = z.infer<typeof LinkSpec>;

// Field shapes, kept apart from the schemas so batch ops can reuse them
// (zod 4 cannot extend a schema that has refinements).
export const LinkRefShape = { name: IfName };
export const LinkSetMtuShape = { name: IfName, mtu: Mtu };
export const LinkRenameShape = { name: IfName, newName: IfName };
/** target: a named namespace, or the pid of a process whose namespace it is. */
export const LinkSetNetnsShape = {
  name: IfName,
  target: z.union([NetnsName, z.number().int().positive()]),
};
export const AddrShape = { dev: IfName, address: Cidr, nodad: z.boolean().optional() };
export const AddrDelShape = { dev: IfName, address: Cidr };
export const RouteDelShape = {
  family: z.union([z.literal(4), z.literal(6)]),
  dst: z.union([z.literal('default'), Cidr]),
  via: IpAddress.optional(),
  dev: IfName.optional(),
};
export const RouteShape = { ...RouteDelShape, onlink: z.boolean().optional() };

export const LinkRef = z.object(LinkRefShape).strict();
export const LinkSetMtuSpec = z.object(LinkSetMtuShape).strict();
export const LinkRenameSpec = z.object(LinkRenameShape).strict();
export const LinkSetNetnsSpec = z.object(LinkSetNetnsShape).strict();
export const AddrSpec = z.object(AddrShape).strict();
export const AddrDelSpec = z.object(AddrDelShape).strict();

type RouteFields = {
  family: 4 | 6;
  dst: string;
  via?: string | undefined;
  dev?: string | undefined;
  onlink?: boolean | undefined;
};
/** Route checks across fields: families agree; a route names a gateway or a device; onlink needs a gateway. */
export function checkRoute(r: RouteFields, ctx: z.RefinementCtx, isDel = false): void {
  if (r.dst !== 'default' && parseCidr(r.dst)?.family !== r.family)
    ctx.addIssue({
      code: 'custom',
      path: ['dst'],
      message: `is not an IPv${r.family} prefix (family is ${r.family})`,
    });
  if (r.via !== undefined && ipFamily(r.via) !== r.family)
    ctx.addIssue({
      code: 'custom',
      path: ['via'],
      message: `is not an IPv${r.family} address (family is ${r.family})`,
    });
  if (isDel) return;
  if (r.via === undefined && r.dev === undefined)
    ctx.addIssue({ code: 'custom', path: ['via'], message: 'or dev is required' });
  if (r.onlink && r.via === undefined)
    ctx.addIssue({ code: 'custom', path: ['onlink'], message: 'needs via (a gateway)' });
}
export const RouteSpec = z
  .object(RouteShape)
  .strict()
  .superRefine((r, ctx) => checkRoute(r, ctx));
export const RouteDelSpec = z
  .object(RouteDelShape)
  .strict()
  .superRefine((r, ctx) => checkRoute(r, ctx, true));

export type LinkRef = z.infer<typeof LinkRef>;
export type LinkSetMtuSpec = z.infer<typeof LinkSetMtuSpec>;
export type LinkRenameSpec = z.infer<typeof LinkRenameSpec>;
export type LinkSetNetnsSpec = z.infer<typeof LinkSetNetnsSpec>;
export type AddrSpec = z.infer<typeof AddrSpec>;
export type AddrDelSpec = z.infer<typeof AddrDelSpec>;
export type RouteSpec = z.infer<typeof RouteSpec>;
export type RouteDelSpec = z.infer<typeof RouteDelSpec>;

/** Where a verb runs: a named namespace (`ip -n NAME`), or the caller's own when absent. */
export interface InNetns {
  netns?: string | undefined;
}

/** Validates a spec, turning zod's issues into one NetlinkSpecError naming the field. */
export function parseSpec<S extends z.ZodType>(op: string, schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  throw new NetlinkSpecError(op, field, issue?.message ?? 'is invalid');
}

/** Validates the optional namespace of a verb. */
export function parseNetns(op: string, netns: string | undefined): string | undefined {
  if (netns === undefined) return undefined;
  const problem = netnsNameProblem(netns);
  if (problem) throw new NetlinkSpecError(op, 'netns', `${JSON.stringify(netns)} ${problem}`);
  return netns;
}

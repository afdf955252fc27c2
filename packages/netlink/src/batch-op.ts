import { z } from 'zod';
import {
  AddrDelShape,
  AddrShape,
  LinkRefShape,
  LinkRenameShape,
  LinkSetMtuShape,
  LinkSetNetnsShape,
  LinkSpec,
  NetnsName,
  RouteDelShape,
  RouteShape,
  checkRoute,
} from './specs.js';

// One op of a batch, shaped like core's KernelOp so a plan's ops go straight
// in: `op` names the verb, the verb's fields sit beside it (linkAdd carries
// its LinkSpec as `spec`). An op may repeat the batch's `netns` (a plan
// writes it on every op) but never name another one: one process, one namespace.
// netnsAdd/netnsDel are deliberately not batch ops: a `netns add` line moves
// the batch process itself into a new namespace, and the lines after it fail
// ("Peer netns reference is invalid", verified on iproute2 6.1); run them
// with the netns verbs before and after the batches.
const netns = NetnsName.optional();
const op = <N extends string, S extends z.ZodRawShape>(name: N, shape: S) =>
  z.object({ op: z.literal(name), netns, ...shape }).strict();

export const BatchOp = z.discriminatedUnion('op', [
  z.object({ op: z.literal('linkAdd'), netns, spec: LinkSpec }).strict(),
  op('linkDel', LinkRefShape),
  op('linkSetUp', LinkRefShape),
  op('linkSetDown', LinkRefShape),
  op('linkSetMtu', LinkSetMtuShape),
  op('linkRename', LinkRenameShape),
  op('linkSetNetns', LinkSetNetnsShape),
  op('addrAdd', AddrShape),
  op('addrDel', AddrDelShape),
  op('routeReplace', RouteShape).superRefine((r, ctx) => checkRoute(r, ctx)),
  op('routeDel', RouteDelShape).superRefine((r, ctx) => checkRoute(r, ctx, true)),
]);
export type BatchOp = z.infer<typeof BatchOp>;

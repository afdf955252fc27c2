import type { HostSnapshot, KernelOp } from '../../src';
import { defaultRouteHolder, defaultRoutes } from '../../src';

// A tiny in-memory kernel for pure logic only: it checks that plans run in
// order and that inverses undo them. Real behaviour is tested in the lab.
// It is strict where the kernel is (EEXIST, ENODEV, EBUSY on renaming a link
// that is up, routes through a down link), and lets an inverse delete of
// something already gone count as done, which is the executor's contract.

interface Link {
  kind: string;
  up: boolean;
  lower: string | null;
}
export interface Model {
  netns: Set<string>;
  links: Map<string, Link>;
  addrs: Set<string>;
  routes: Map<string, string>;
}

const key = (...parts: (string | number | undefined)[]): string =>
  parts.map((p) => p ?? '').join('|');
const nsOf = (op: KernelOp): string => ('netns' in op && op.netns) || '';

export class KernelError extends Error {}
const fail = (code: string, op: KernelOp): never => {
  throw new KernelError(`${code}: ${JSON.stringify(op)}`);
};

function dropLink(model: Model, ns: string, name: string): void {
  model.links.delete(key(ns, name));
  for (const a of [...model.addrs]) if (a.startsWith(key(ns, name, ''))) model.addrs.delete(a);
  for (const [k, v] of [...model.routes])
    if (k.startsWith(key(ns, '')) && v.endsWith(`|${name}`)) model.routes.delete(k);
}

function renameLink(model: Model, ns: string, from: string, to: string): void {
  const link = model.links.get(key(ns, from))!;
  const addrs = [...model.addrs].filter((a) => a.startsWith(key(ns, from, '')));
  dropLink(model, ns, from);
  model.links.set(key(ns, to), link);
  for (const a of addrs) model.addrs.add(key(ns, to, a.split('|')[2]));
}

function needLink(model: Model, ns: string, name: string, op: KernelOp): Link {
  return model.links.get(key(ns, name)) ?? fail('ENODEV', op);
}

/** Applies one op; `missingOk` makes deletes of absent things succeed (rollback). */
export function apply(model: Model, op: KernelOp, missingOk = false): void {
  const ns = nsOf(op);
  if (ns && !model.netns.has(ns)) fail('ENOENT netns', op);
  switch (op.op) {
    case 'netnsAdd':
      if (model.netns.has(op.name)) fail('EEXIST', op);
      model.netns.add(op.name);
      return;
    case 'netnsDel':
      if (!model.netns.has(op.name)) return missingOk ? undefined : fail('ENOENT', op);
      for (const k of [...model.links.keys()])
        if (k.startsWith(key(op.name, ''))) dropLink(model, op.name, k.split('|')[1]!);
      model.netns.delete(op.name);
      return;
    case 'linkAdd': {
      if (model.links.has(key(ns, op.spec.name))) fail('EEXIST', op);
      const lower = op.spec.kind === 'dummy' ? null : op.spec.link;
      if (lower) needLink(model, ns, lower, op);
      model.links.set(key(ns, op.spec.name), { kind: op.spec.kind, up: false, lower });
      return;
    }
    case 'linkDel':
      if (!model.links.has(key(ns, op.name))) return missingOk ? undefined : fail('ENODEV', op);
      for (const [k, l] of [...model.links])
        if (k.startsWith(key(ns, '')) && l.lower === op.name) dropLink(model, ns, k.split('|')[1]!);
      dropLink(model, ns, op.name);
      return;
    case 'linkSetUp':
    case 'linkSetDown':
      needLink(model, ns, op.name, op).up = op.op === 'linkSetUp';
      return;
    case 'linkSetNetns': {
      const link = needLink(model, ns, op.name, op);
      if (!model.netns.has(op.target)) fail('ENOENT netns', op);
      if (model.links.has(key(op.target, op.name))) fail('EEXIST', op);
      dropLink(model, ns, op.name);
      model.links.set(key(op.target, op.name), {
        ...link,
        up: false,
        lower: link.lower && `${ns}:${link.lower}`,
      });
      return;
    }
    case 'linkRename':
      if (needLink(model, ns, op.name, op).up) fail('EBUSY', op);
      if (model.links.has(key(ns, op.newName))) fail('EEXIST', op);
      renameLink(model, ns, op.name, op.newName);
      return;
    case 'addrAdd':
      needLink(model, ns, op.dev, op);
      if (model.addrs.has(key(ns, op.dev, op.address))) fail('EEXIST', op);
      model.addrs.add(key(ns, op.dev, op.address));
      return;
    case 'addrDel':
      if (!model.addrs.delete(key(ns, op.dev, op.address)) && !missingOk) fail('EADDRNOTAVAIL', op);
      return;
    case 'routeReplace':
      if (!needLink(model, ns, op.dev, op).up) fail('ENETDOWN', op);
      model.routes.set(key(ns, op.family, op.dst), key(op.via, op.dev));
      return;
    case 'routeDel': {
      const k = key(ns, op.family, op.dst);
      if (model.routes.get(k) === key(op.via, op.dev)) model.routes.delete(k);
      else if (!missingOk) fail('ESRCH', op);
      return;
    }
  }
}

/** The model of a host as the snapshot describes it, with its containers' links, addresses and routes. */
export function modelOf(snapshot: HostSnapshot, containers: string[] = []): Model {
  const model: Model = {
    netns: new Set(containers),
    links: new Map(),
    addrs: new Set(),
    routes: new Map(),
  };
  for (const l of snapshot.links)
    model.links.set(key('', l.name), { kind: l.kind, up: l.up, lower: l.parent });
  for (const a of snapshot.addresses) model.addrs.add(key('', a.dev, a.address));
  for (const c of snapshot.containerLinks)
    for (const name of c.links)
      model.links.set(key(c.container, name), { kind: 'ipvlan', up: true, lower: null });
  for (const e of snapshot.endpoints) {
    model.netns.add(e.netns);
    model.links.set(key(e.netns, e.ifname), { kind: 'ipvlan', up: true, lower: null });
    for (const a of [e.ipv4Address, e.ipv6Address])
      if (a) model.addrs.add(key(e.netns, e.ifname, a));
    const network = snapshot.networks.find((n) => n.id === e.networkId);
    for (const r of network ? defaultRoutes(network, e, e.ifname, e.netns) : []) {
      if (defaultRouteHolder(snapshot, e.container, r.family)?.id === e.id)
        model.routes.set(key(e.netns, r.family, r.dst), key(r.via, r.dev));
    }
  }
  return model;
}

/** Comparable text of a model. */
export const dump = (model: Model): string =>
  JSON.stringify({
    netns: [...model.netns].sort(),
    links: [...model.links].sort(([a], [b]) => a.localeCompare(b)),
    addrs: [...model.addrs].sort(),
    routes: [...model.routes].sort(([a], [b]) => a.localeCompare(b)),
  });

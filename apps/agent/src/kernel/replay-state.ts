import type { HostRoute, KernelOp, SnapshotLink } from '@underlay/core';
import type { KernelLinkEvent } from './port';
import type { ReplayNamespace, ReplaySnapshot } from './replay-snapshot';

// The in-memory kernel a replay agent serves: the recorded host, changed by
// the ops the agent runs, so that a network created through a replay agent
// is there on the next read (and announced as link events). It keeps the
// kernel's loud errors (EEXIST, ENODEV) so the agent's rollback paths see
// what a real kernel would say; it is not a model of Linux networking.

/** One namespace's links, addresses and routes (the host's is `undefined`). */
type Space = ReplayNamespace;

/** A failure shaped like netlink's batch errors (`index` is the op within the batch). */
function fail(index: number, errno: 'EEXIST' | 'ENODEV' | 'EINVAL', what: string): never {
  const stderr =
    errno === 'EEXIST'
      ? `RTNETLINK answers: File exists (${what})`
      : errno === 'ENODEV'
        ? `Cannot find device "${what}"`
        : `RTNETLINK answers: Invalid argument (${what})`;
  throw Object.assign(new Error(`replay kernel: ${stderr}`), { index, errno, stderr });
}

const clone = <T>(value: T): T => structuredClone(value);

/** The mutable state behind a ReplayKernel. */
export class ReplayState {
  readonly host: Space;
  readonly namespaces = new Map<string, Space>();
  private readonly listeners = new Set<(event: KernelLinkEvent) => void>();
  private macs = 0;

  constructor(readonly snapshot: ReplaySnapshot) {
    this.host = clone({
      links: snapshot.links,
      addresses: snapshot.addresses,
      routes: snapshot.routes,
    });
    for (const [name, space] of Object.entries(snapshot.namespaces))
      this.namespaces.set(name, clone(space));
  }

  /** Calls `listener` with every host link change; returns the unsubscribe. */
  onLinkEvent(listener: (event: KernelLinkEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The namespace's state; throws ENOENT-like ENODEV when it does not exist. */
  space(netns: string | undefined, index = 0): Space {
    if (netns === undefined) return this.host;
    return this.namespaces.get(netns) ?? fail(index, 'ENODEV', `netns ${netns}`);
  }

  /** A locally administered MAC, unique within this replay agent. */
  nextMac(): string {
    const n = ++this.macs;
    return `02:52:50:${((n >> 16) & 255).toString(16).padStart(2, '0')}:${((n >> 8) & 255).toString(16).padStart(2, '0')}:${(n & 255).toString(16).padStart(2, '0')}`;
  }

  /** Runs ops in order; stops at the first failing one with its index (the ones before it stay done, as in `ip -batch`). */
  run(netns: string | undefined, ops: KernelOp[]): void {
    for (const [index, op] of ops.entries())
      this.apply(op.op.startsWith('netns') ? undefined : netns, op, index);
  }

  private emit(event: KernelLinkEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private apply(batchNetns: string | undefined, op: KernelOp, index: number): void {
    if (op.op === 'netnsAdd') {
      if (this.namespaces.has(op.name)) fail(index, 'EEXIST', `netns ${op.name}`);
      this.namespaces.set(op.name, { links: [lo()], addresses: [], routes: [] });
      return;
    }
    if (op.op === 'netnsDel') {
      if (!this.namespaces.delete(op.name)) fail(index, 'ENODEV', `netns ${op.name}`);
      return;
    }
    const netns = op.netns ?? batchNetns;
    const space = this.space(netns, index);
    const onHost = space === this.host;
    switch (op.op) {
      case 'linkAdd':
        return this.linkAdd(space, op.spec, index, onHost);
      case 'linkDel':
        return this.linkDel(space, op.name, index, onHost);
      case 'linkSetUp':
      case 'linkSetDown':
        return this.setUp(space, op.name, op.op === 'linkSetUp', index, onHost);
      case 'linkSetNetns':
        return this.move(space, op.name, op.target, index, onHost);
      case 'linkRename':
        return this.rename(space, op.name, op.newName, index, onHost);
      case 'addrAdd':
        return addrAdd(space, op.dev, op.address, index);
      case 'addrDel':
        return addrDel(space, op.dev, op.address, index);
      case 'routeReplace':
        return routeReplace(space, { family: op.family, dst: op.dst, via: op.via, dev: op.dev });
      case 'routeDel':
        return routeDel(space, op, index);
    }
  }

  private linkAdd(
    space: Space,
    spec: Extract<KernelOp, { op: 'linkAdd' }>['spec'],
    index: number,
    onHost: boolean,
  ): void {
    if (space.links.some((l) => l.name === spec.name)) fail(index, 'EEXIST', spec.name);
    const base = { name: spec.name, up: false };
    let link: SnapshotLink;
    if (spec.kind === 'dummy') link = { ...base, kind: 'dummy', parent: null, mtu: 1500 };
    else {
      const lower =
        space.links.find((l) => l.name === spec.link) ?? fail(index, 'ENODEV', spec.link);
      link =
        spec.kind === 'vlan'
          ? { ...base, kind: 'vlan', parent: lower.name, vlanId: spec.id, mtu: lower.mtu }
          : {
              ...base,
              kind: 'ipvlan',
              parent: lower.name,
              ipvlanMode: spec.mode,
              ipvlanFlag: spec.flag,
              mtu: lower.mtu,
            };
    }
    space.links.push(link);
    if (onHost) this.emit({ type: 'added', link: spec.name });
  }

  private linkDel(space: Space, name: string, index: number, onHost: boolean): void {
    const at = space.links.findIndex((l) => l.name === name);
    if (at < 0) fail(index, 'ENODEV', name);
    space.links.splice(at, 1);
    space.addresses = space.addresses.filter((a) => a.dev !== name);
    // A lower link takes its VLAN and ipvlan children with it, as the kernel does.
    for (const child of space.links.filter((l) => l.parent === name))
      this.linkDel(space, child.name, index, onHost);
    if (onHost) this.emit({ type: 'removed', link: name });
  }

  private setUp(space: Space, name: string, up: boolean, index: number, onHost: boolean): void {
    const link = space.links.find((l) => l.name === name) ?? fail(index, 'ENODEV', name);
    if (link.up === up) return;
    link.up = up;
    if (onHost) this.emit({ type: up ? 'up' : 'down', link: name });
  }

  private move(space: Space, name: string, target: string, index: number, onHost: boolean): void {
    const to = this.namespaces.get(target) ?? fail(index, 'ENODEV', `netns ${target}`);
    const at = space.links.findIndex((l) => l.name === name);
    if (at < 0) fail(index, 'ENODEV', name);
    const [link] = space.links.splice(at, 1);
    space.addresses = space.addresses.filter((a) => a.dev !== name);
    // Moved out of its lower link's namespace: the parent is no longer visible, and the link goes down.
    to.links.push({ ...link!, parent: null, up: false });
    if (onHost) this.emit({ type: 'removed', link: name });
  }

  private rename(
    space: Space,
    name: string,
    newName: string,
    index: number,
    onHost: boolean,
  ): void {
    if (space.links.some((l) => l.name === newName)) fail(index, 'EEXIST', newName);
    const link = space.links.find((l) => l.name === name) ?? fail(index, 'ENODEV', name);
    link.name = newName;
    for (const a of space.addresses) if (a.dev === name) a.dev = newName;
    if (onHost) {
      this.emit({ type: 'removed', link: name });
      this.emit({ type: 'added', link: newName });
    }
  }
}

const lo = (): SnapshotLink => ({
  name: 'lo',
  kind: 'loopback',
  parent: null,
  mtu: 65536,
  up: false,
});

function addrAdd(space: Space, dev: string, address: string, index: number): void {
  if (!space.links.some((l) => l.name === dev)) fail(index, 'ENODEV', dev);
  if (space.addresses.some((a) => a.dev === dev && a.address === address))
    fail(index, 'EEXIST', address);
  space.addresses.push({ dev, address });
}

function addrDel(space: Space, dev: string, address: string, index: number): void {
  const at = space.addresses.findIndex((a) => a.dev === dev && a.address === address);
  if (at < 0) fail(index, 'EINVAL', `${address} is not on ${dev}`);
  space.addresses.splice(at, 1);
}

function routeReplace(
  space: Space,
  route: { family: 4 | 6; dst: string; via?: string; dev: string },
): void {
  const kept = space.routes.filter((r) => !(r.family === route.family && r.dst === route.dst));
  space.routes = [
    ...kept,
    {
      family: route.family,
      dst: route.dst,
      dev: route.dev,
      ...(route.via ? { via: route.via } : {}),
    },
  ];
}

function routeDel(space: Space, op: Extract<KernelOp, { op: 'routeDel' }>, index: number): void {
  const matches = (r: HostRoute) =>
    r.family === op.family &&
    r.dst === op.dst &&
    (!op.via || r.via === op.via) &&
    (!op.dev || r.dev === op.dev);
  if (!space.routes.some(matches)) fail(index, 'EINVAL', `no route to ${op.dst}`);
  space.routes = space.routes.filter((r) => !matches(r));
}

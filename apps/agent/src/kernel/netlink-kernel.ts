import {
  createBatchRunner,
  sweepBatchFiles,
  execIn,
  linkEvents,
  netnsAttach,
  netnsAttachPath,
  netnsFileId,
  netnsDetach,
  netnsList,
  probeCapabilities,
  routeList,
  type Addr,
  type BatchRunner,
  type Link,
  type Route,
} from '@underlay/netlink';
import type { HostRoute, KernelOp, SnapshotLink } from '@underlay/core';
import { toBatchOp } from '../exec/to-netlink';
import type { Kernel, KernelLinkEvent } from './port';

// The real kernel, through @underlay/netlink (iproute2). Every operation and
// every listing an operation needs goes through netlink's batch runner: one
// long-lived `ip -batch -` for the host's namespace and one small forker that
// runs `ip [-n NS] -batch FILE` (a container's batches, the host's link and
// address listings, `netns add|del`): starting a process from node is slow in a lab guest and mostly
// synchronous in the event loop, the forker's vfork is cheap (figures:
// docs/perf.md, operations end to end). No process
// holds a container's namespace open between batches.

const toSnapshotLink = (l: Link): SnapshotLink => ({
  name: l.name,
  kind: l.kind,
  parent: l.parent,
  ...(l.vlanId !== undefined ? { vlanId: l.vlanId } : {}),
  ...(l.ipvlanMode ? { ipvlanMode: l.ipvlanMode } : {}),
  ...(l.ipvlanFlag ? { ipvlanFlag: l.ipvlanFlag } : {}),
  mtu: l.mtu,
  up: l.up,
});

/** Runs a namespace verb through the runner's forker, reporting a failure as op 0 of its batch. */
async function runNetnsVerb(runner: BatchRunner, op: KernelOp): Promise<void> {
  try {
    if (op.op === 'netnsAdd' || op.op === 'netnsDel')
      await runner.netns({ op: op.op, name: op.name });
  } catch (err) {
    Object.assign(err as object, { index: 0 });
    throw err;
  }
}

const toHostRoute = (r: Route): HostRoute => ({
  family: r.family,
  dst: r.dst,
  ...(r.via ? { via: r.via } : {}),
  ...(r.dev ? { dev: r.dev } : {}),
  ...(r.protocol ? { protocol: r.protocol } : {}),
});

const toAddress = (a: Addr) => ({ dev: a.dev, address: `${a.address}/${a.prefixLength}` });

type Runner = ReturnType<typeof createBatchRunner>;

/** The events of a generator whose first next() was already called (`first`), then the rest. */
async function* followingOn<T>(
  first: Promise<IteratorResult<T>>,
  rest: AsyncGenerator<T>,
): AsyncGenerator<T> {
  const head = await first;
  if (head.done) return;
  yield head.value;
  yield* rest;
}

// The monitor's ip is started before anything is awaited and the seed is read after subscribing, so no change falls
// between them; the seed goes through the runner (no fork of the agent).
/** Link changes as the agent reports them. */
async function* hostLinkEvents(
  runner: Runner,
  signal: AbortSignal,
  onAddress?: () => void,
): AsyncGenerator<KernelLinkEvent> {
  const events = linkEvents({ signal, ...(onAddress ? { onAddress } : {}) });
  const first = events.next();
  // Settled before the loop awaits it (a monitor that failed at once): handled here, so it is no unhandled rejection
  // while the seed is read; the loop still gets the failure.
  first.catch(() => undefined);
  // Seeded with what exists, so a change to an old link is not announced as new.
  const seed = await runner.linkList({}).catch(() => []);
  const state = new Map<string, boolean>(seed.map((l) => [l.name, l.up]));
  // Each index's name: an index seen under a new name is a rename, which ip's processes must hear of.
  const names = new Map<number, string>(seed.map((l) => [l.index, l.name]));
  for await (const event of followingOn(first, events)) {
    const { index, name, up } = event.link;
    if (event.type === 'del') {
      // The ip session may have this name's index cached: gone by another hand, its next batch starts afresh.
      runner.linkGone(name);
      state.delete(name);
      names.delete(index);
      yield { type: 'removed', link: name };
      continue;
    }
    const named = names.get(index);
    if (named !== undefined && named !== name) runner.linkRenamed();
    names.set(index, name);
    const before = state.get(name);
    state.set(name, up);
    if (before === undefined) yield { type: 'added', link: name };
    if (before !== up) yield { type: up ? 'up' : 'down', link: name };
  }
}

// A connect's batch in the container names the new link (its rename from the temporary name) and ends by listing the
// namespace's links (same ip process), so the connect learns the link's MAC without another process. Other container
// batches (lo up at a create, a disconnect's deletes) skip the listing, which costs the forked ip its `-d -json` output
// and a `link show` (docs/perf.md, operations end to end).
/** Whether a container batch ends by listing its namespace's links: only one that names a link (a connect's rename). */
export function namesALink(ops: KernelOp[]): boolean {
  return ops.some((op) => op.op === 'linkRename');
}

/** Kernel.runBatch: netns verbs one by one through the forker, other ops as one batch. */
async function runBatchOn(
  runner: Runner,
  { netns, ops }: Parameters<Kernel['runBatch']>[0],
): ReturnType<Kernel['runBatch']> {
  const first = ops[0];
  if (first && (first.op === 'netnsAdd' || first.op === 'netnsDel')) {
    for (const op of ops) await runNetnsVerb(runner, op);
    return;
  }
  const { links } = await runner.run({
    ...(netns ? { netns, links: namesALink(ops) } : {}),
    ops: ops.map(toBatchOp),
  });
  return links ? { links: links.map((l) => ({ name: l.name, mac: l.mac })) } : {};
}

/** The Kernel port's reads: listings through the runner, routes through one-shot ip. */
function readPorts(runner: Runner) {
  return {
    hostLinks: async () => (await runner.linkList({})).map(toSnapshotLink),
    hostAddresses: async () => (await runner.addrList({})).map(toAddress),
    hostState: async () => {
      const { links, addrs } = await runner.namespaceState({});
      return { links: links.map(toSnapshotLink), addresses: addrs.map(toAddress) };
    },
    hostRoutes: async () => (await routeList()).map(toHostRoute),
    containerRoutes: async (netns: string) => (await routeList({ netns })).map(toHostRoute),
    containerLinks: async (netns: string) => (await runner.linkList({ netns })).map((l) => l.name),
    namespaceState: async (netns: string, signal?: AbortSignal) => {
      const { links, addrs } = await runner.namespaceState({
        netns,
        ...(signal ? { signal } : {}),
      });
      return { links: links.map(toSnapshotLink), addresses: addrs.map(toAddress) };
    },
  } satisfies Partial<Kernel>;
}

/** The Kernel port backed by netlink. */
export function createNetlinkKernel(): Kernel {
  // Batch files an agent killed mid-batch left: this agent holds the host lock (server/agent-lock.ts), so no
  // other agent is using /run/underlay, and it has run no batch yet.
  sweepBatchFiles();
  const runner = createBatchRunner();
  // Started now, not at the first operation: the first call after a start paid for both (docs/perf.md).
  runner.start();
  return {
    runBatch: (batch) => runBatchOn(runner, batch),
    ...readPorts(runner),
    netnsList: () => netnsList(),
    netnsAdd: (name) => runner.netns({ op: 'netnsAdd', name }),
    netnsDel: (name) => runner.netns({ op: 'netnsDel', name }),
    netnsFileId: (path) => netnsFileId({ path }),
    netnsAttachPid: (name, pid) => netnsAttach({ name, pid }),
    netnsAttachPath: (name, path) => netnsAttachPath({ name, path }),
    netnsDetach: (name) => netnsDetach({ name }),
    execIn: (netns, argv, timeoutMs) => execIn({ netns, argv, timeoutMs }),
    capabilities: async () => ({ ...(await probeCapabilities()) }),
    linkEvents: (signal, onAddress) => hostLinkEvents(runner, signal, onAddress),
    addressEvents: true,
    readsFollowEvents: (on) => runner.followRenames(on),
    close: () => runner.close(),
  };
}

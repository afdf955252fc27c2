import {
  addrList,
  createBatchRunner,
  execIn,
  linkEvents,
  linkList,
  netnsAdd,
  netnsAttach,
  netnsAttachPath,
  netnsDel,
  netnsDetach,
  netnsList,
  probeCapabilities,
  type Link,
} from '@underlay/netlink';
import type { KernelOp, SnapshotLink } from '@underlay/core';
import { toBatchOp } from '../exec/to-netlink';
import type { Kernel, KernelLinkEvent } from './port';

// The real kernel, through @underlay/netlink (iproute2). Namespace verbs run
// one by one; everything else goes through a long-lived `ip [-n NS] -batch -`
// session per namespace (spawning ip per connect cost 3× a plain script in a
// lab guest). A session holds its namespace open, so it ends before the
// namespace is deleted or detached.

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

type Runner = ReturnType<typeof createBatchRunner>;

/** Runs a namespace verb, reporting a failure as op 0 of its batch. */
async function runNetnsVerb(runner: Runner, op: KernelOp): Promise<void> {
  try {
    if (op.op === 'netnsAdd') await addNetns(runner, op.name);
    else if (op.op === 'netnsDel') await delNetns(runner, op.name);
  } catch (err) {
    Object.assign(err as object, { index: 0 });
    throw err;
  }
}

/** Creates a namespace and starts its session, so its first batch does not wait for ip to start. */
async function addNetns(runner: Runner, name: string): Promise<void> {
  await netnsAdd({ name });
  runner.warm(name);
}

async function delNetns(runner: Runner, name: string): Promise<void> {
  await runner.forget(name);
  await netnsDel({ name });
}

/** Link changes as the agent reports them. */
async function* hostLinkEvents(signal: AbortSignal): AsyncGenerator<KernelLinkEvent> {
  // Seeded with what exists, so a change to an old link is not announced as new.
  const state = new Map<string, boolean>((await linkList().catch(() => [])).map((l) => [l.name, l.up]));
  for await (const event of linkEvents({ signal })) {
    const { name, up } = event.link;
    if (event.type === 'del') {
      state.delete(name);
      yield { type: 'removed', link: name };
      continue;
    }
    const before = state.get(name);
    state.set(name, up);
    if (before === undefined) yield { type: 'added', link: name };
    if (before !== up) yield { type: up ? 'up' : 'down', link: name };
  }
}

/** The Kernel port backed by netlink. */
export function createNetlinkKernel(): Kernel {
  const runner = createBatchRunner();
  return {
    async runBatch({ netns, ops }) {
      const first = ops[0];
      if (first && (first.op === 'netnsAdd' || first.op === 'netnsDel')) {
        for (const op of ops) await runNetnsVerb(runner, op);
        return;
      }
      const running = runner.run({ ...(netns ? { netns } : {}), ops: ops.map(toBatchOp) });
      // Links moved into a namespace are configured there next: start its
      // session once these lines are on their way, so ip works while node spawns.
      const targets = ops.flatMap((o) => (o.op === 'linkSetNetns' && typeof o.target === 'string' ? [o.target] : []));
      if (targets.length > 0) setImmediate(() => targets.forEach((t) => runner.warm(t)));
      await running;
    },
    hostLinks: async () => (await linkList()).map(toSnapshotLink),
    hostAddresses: async () => (await addrList()).map((a) => ({ dev: a.dev, address: `${a.address}/${a.prefixLength}` })),
    containerLinks: async (netns) => (await linkList({ netns })).map((l) => l.name),
    namespaceState: async (netns) => {
      const [links, addrs] = await Promise.all([linkList({ netns }), addrList({ netns })]);
      return { links: links.map(toSnapshotLink), addresses: addrs.map((a) => ({ dev: a.dev, address: `${a.address}/${a.prefixLength}` })) };
    },
    netnsList: () => netnsList(),
    netnsAdd: (name) => addNetns(runner, name),
    netnsDel: (name) => delNetns(runner, name),
    netnsAttachPid: (name, pid) => netnsAttach({ name, pid }),
    netnsAttachPath: (name, path) => netnsAttachPath({ name, path }),
    netnsDetach: async (name) => {
      await runner.forget(name);
      await netnsDetach({ name });
    },
    execIn: (netns, argv, timeoutMs) => execIn({ netns, argv, timeoutMs }),
    capabilities: async () => ({ ...(await probeCapabilities()) }),
    linkEvents: (signal) => hostLinkEvents(signal),
    close: () => runner.close(),
  };
}

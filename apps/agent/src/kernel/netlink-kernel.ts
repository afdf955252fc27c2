import {
  addrList,
  batch,
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
// one by one; everything else goes through one `ip [-n NS] -batch -`.

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

/** Runs a namespace verb, reporting a failure as op 0 of its batch. */
async function runNetnsVerb(op: KernelOp): Promise<void> {
  try {
    if (op.op === 'netnsAdd') await netnsAdd({ name: op.name });
    else if (op.op === 'netnsDel') await netnsDel({ name: op.name });
  } catch (err) {
    Object.assign(err as object, { index: 0 });
    throw err;
  }
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
  return {
    async runBatch({ netns, ops }) {
      const first = ops[0];
      if (first && (first.op === 'netnsAdd' || first.op === 'netnsDel')) {
        for (const op of ops) await runNetnsVerb(op);
        return;
      }
      await batch({ ...(netns ? { netns } : {}), ops: ops.map(toBatchOp) });
    },
    hostLinks: async () => (await linkList()).map(toSnapshotLink),
    hostAddresses: async () => (await addrList()).map((a) => ({ dev: a.dev, address: `${a.address}/${a.prefixLength}` })),
    containerLinks: async (netns) => (await linkList({ netns })).map((l) => l.name),
    namespaceState: async (netns) => {
      const [links, addrs] = await Promise.all([linkList({ netns }), addrList({ netns })]);
      return { links: links.map(toSnapshotLink), addresses: addrs.map((a) => ({ dev: a.dev, address: `${a.address}/${a.prefixLength}` })) };
    },
    netnsList: () => netnsList(),
    netnsAdd: (name) => netnsAdd({ name }),
    netnsDel: async (name) => {
      await netnsDel({ name });
    },
    netnsAttachPid: (name, pid) => netnsAttach({ name, pid }),
    netnsAttachPath: (name, path) => netnsAttachPath({ name, path }),
    netnsDetach: (name) => netnsDetach({ name }),
    execIn: (netns, argv, timeoutMs) => execIn({ netns, argv, timeoutMs }),
    capabilities: async () => ({ ...(await probeCapabilities()) }),
    linkEvents: (signal) => hostLinkEvents(signal),
  };
}
